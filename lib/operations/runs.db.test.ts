import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import { recordRun } from "./record-run";
import { retryRun } from "./retry-run";
import { listRuns, parseRunQuery, runCounts, runsNeedingAttention, RUNS_PER_PAGE } from "./runs";

async function run(status: "RUNNING" | "COMPLETED" | "FAILED", { functionId = "autovest-invest-account", eventName = `test/${randomUUID()}` } = {}) {
  const identity = { runId: randomUUID(), functionId, event: { name: eventName, data: { investmentAccountId: "acct-1", amount: "500" } } };
  await recordRun(identity, { status: "RUNNING", attempt: 0 });
  if (status === "COMPLETED") await recordRun(identity, { status });
  if (status === "FAILED") await recordRun(identity, { status, error: "the broker answered for ARKK" });
  return identity;
}

const sentEvents = (name: string) => db.outboxEvent.findMany({ where: { name } });
const retryAudits = (runId: string) => db.auditLog.findMany({ where: { action: "WORKFLOW_RUN_RETRIED", targetId: runId } });

describe("retrying a failed run", () => {
  it("sends its event once, with a new id, even when two admins retry at the same moment; audited", async () => {
    const admin = await createUser("ADMIN");
    const failed = await run("FAILED");
    const outcomes = await Promise.allSettled([retryRun(admin, { runId: failed.runId }, browser()), retryRun(admin, { runId: failed.runId }, browser())]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o) => o.status === "rejected")!;
    expect(refused.reason).toBeInstanceOf(Conflict);
    expect(refused.reason.message).toBe("This run has already been retried.");

    const events = await sentEvents(failed.event.name);
    expect(events.map((e) => e.data)).toEqual([{ investmentAccountId: "acct-1", amount: "500" }]);
    const row = await db.workflowRun.findUniqueOrThrow({ where: { runId: failed.runId } });
    expect(row).toMatchObject({ status: "FAILED", retryEventId: events[0]!.id, retriedById: admin.id });
    expect(events[0]!.id).not.toBe(failed.runId);
    const audits = await retryAudits(failed.runId);
    expect(audits.map((a) => [a.actorId, a.details])).toEqual([
      [admin.id, { functionId: "autovest-invest-account", eventName: failed.event.name, retryEventId: events[0]!.id }],
    ]);

    // It stays on the operator's list for a day, shown as retried.
    const listed = (await runsNeedingAttention(admin)).failed.find((r) => r.runId === failed.runId);
    expect(listed?.retriedAt).toEqual(row.retriedAt);

    // Later, the same again: refused, nothing sent.
    await expect(retryRun(admin, { runId: failed.runId }, browser())).rejects.toThrow("This run has already been retried.");
    expect(await sentEvents(failed.event.name)).toHaveLength(1);
  });

  it("refuses a run that completed, is still running, was started by Inngest, or does not exist; changing nothing", async () => {
    const admin = await createUser("ADMIN");
    const completed = await run("COMPLETED");
    const running = await run("RUNNING");
    const scheduled = await run("FAILED", { functionId: "autovest-price-sync", eventName: "inngest/scheduled.timer" });
    await expect(retryRun(admin, { runId: completed.runId }, browser())).rejects.toThrow("This run completed successfully: there is nothing to retry.");
    await expect(retryRun(admin, { runId: running.runId }, browser())).rejects.toThrow("This run is still running: only a failed run can be retried.");
    await expect(retryRun(admin, { runId: scheduled.runId }, browser())).rejects.toBeInstanceOf(Conflict);
    await expect(retryRun(admin, { runId: randomUUID() }, browser())).rejects.toBeInstanceOf(NotFound);
    for (const { runId, event } of [completed, running, scheduled]) {
      expect(await sentEvents(event.name)).toEqual([]);
      expect(await retryAudits(runId)).toEqual([]);
      expect((await db.workflowRun.findUniqueOrThrow({ where: { runId } })).retryEventId).toBeNull();
    }
  });

  it("is for admins only: an advisor sees runs but cannot retry them", async () => {
    const advisor = await createUser("ADVISOR");
    const failed = await run("FAILED");
    await expect(retryRun(advisor, { runId: failed.runId }, browser())).rejects.toThrow("Only an admin can retry a workflow run.");
    expect(await sentEvents(failed.event.name)).toEqual([]);
    expect((await runsNeedingAttention(advisor)).failed.map((r) => r.runId)).toContain(failed.runId);
    await expect(listRuns(await createUser("INVESTOR"), {})).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("the runs an operator sees", () => {
  it("lists runs newest first, a page at a time, filtered by status and function", async () => {
    const admin = await createUser("ADMIN");
    const functionId = `autovest-paging-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < RUNS_PER_PAGE + 2; i++) {
      const { runId } = await run(i === 3 ? "FAILED" : "COMPLETED", { functionId });
      // A minute apart, so "newest first" is the reverse of this order (runs started in the same millisecond go by run id).
      await db.$executeRaw`UPDATE "WorkflowRun" SET "startedAt" = timestamptz '2026-11-20 09:00Z' + ${i} * interval '1 minute' WHERE "runId" = ${runId}`;
      ids.push(runId);
    }
    const first = await listRuns(admin, { functionId });
    expect(first.runs).toHaveLength(RUNS_PER_PAGE);
    expect(first.nextCursor).not.toBeNull();
    const second = await listRuns(admin, parseRunQuery({ functionId, cursor: first.nextCursor! }));
    expect(second.nextCursor).toBeNull();
    expect([...first.runs, ...second.runs].map((r) => r.runId)).toEqual(ids.reverse());
    expect((await listRuns(admin, { functionId, status: "FAILED" })).runs.map((r) => r.runId)).toEqual([ids[ids.length - 1 - 3]]);
    // A malformed filter is ignored, not an error.
    expect(parseRunQuery({ status: "BROKEN", cursor: "nonsense" })).toEqual({ status: undefined, functionId: undefined, cursor: undefined });
  });

  it("counts runs that failed in the last day and runs stuck for more than 30 minutes", async () => {
    const admin = await createUser("ADMIN");
    const before = await runCounts(admin);
    const yesterday = await run("FAILED");
    await run("FAILED");
    // A function that never waits for the market: 30 minutes without a move is stuck, whatever the hour.
    const stuck = await run("RUNNING", { functionId: "autovest-outbox-sweeper" });
    const slow = await run("RUNNING", { functionId: "autovest-outbox-sweeper" });
    await db.$executeRaw`UPDATE "WorkflowRun" SET "finishedAt" = now() - interval '25 hours' WHERE "runId" = ${yesterday.runId}`;
    await db.$executeRaw`UPDATE "WorkflowRun" SET "updatedAt" = now() - interval '31 minutes' WHERE "runId" = ${stuck.runId}`;
    await db.$executeRaw`UPDATE "WorkflowRun" SET "updatedAt" = now() - interval '29 minutes' WHERE "runId" = ${slow.runId}`;
    const after = await runCounts(admin);
    expect({ failedLastDay: after.failedLastDay - before.failedLastDay, stuck: after.stuck - before.stuck }).toEqual({ failedLastDay: 1, stuck: 1 });
    const attention = await runsNeedingAttention(admin);
    expect(attention.stuck.map((r) => [r.runId, r.stuck])).toContainEqual([stuck.runId, true]);
    expect(attention.stuck.map((r) => r.runId)).not.toContain(slow.runId);
  });

  it("does not call an investing run stuck while it waits for the market to open, only 30 minutes after it opened", async () => {
    const admin = await createUser("ADMIN");
    const at = (iso: string) => new Date(iso);
    // The NYSE's Friday, Nov 20, 2026 session is 14:30–21:00 UTC; it next opens on Monday, Nov 23, at 14:30 UTC.
    const waiting = await run("RUNNING"); // quiet since after Friday's close: asleep until Monday's open
    const abandoned = await run("RUNNING"); // quiet since Friday afternoon, with the market open
    const sweeper = await run("RUNNING", { functionId: "autovest-outbox-sweeper" }); // never waits for the market
    await db.workflowRun.update({ where: { runId: waiting.runId }, data: { updatedAt: at("2026-11-20T22:00:00Z") } });
    await db.workflowRun.update({ where: { runId: abandoned.runId }, data: { updatedAt: at("2026-11-20T20:00:00Z") } });
    await db.workflowRun.update({ where: { runId: sweeper.runId }, data: { updatedAt: at("2026-11-21T11:00:00Z") } });
    const stuckAt = async (iso: string) => {
      const { stuck } = await runsNeedingAttention(admin, at(iso));
      return [waiting, abandoned, sweeper].filter((r) => stuck.some((s) => s.runId === r.runId && s.stuck)).map((r) => r.runId);
    };

    expect(await stuckAt("2026-11-21T12:00:00Z")).toEqual([abandoned.runId, sweeper.runId]); // Saturday noon
    expect(await stuckAt("2026-11-23T14:55:00Z")).toEqual([abandoned.runId, sweeper.runId]); // Monday, 25 minutes after the open
    expect(await stuckAt("2026-11-23T15:01:00Z")).toEqual([waiting.runId, abandoned.runId, sweeper.runId]); // 31 minutes after it
    // The overview's count says the same as the list, at either time.
    for (const iso of ["2026-11-21T12:00:00Z", "2026-11-23T15:01:00Z"]) {
      expect((await runCounts(admin, at(iso))).stuck).toBe((await runsNeedingAttention(admin, at(iso))).stuck.length);
    }
  });

  it("keeps a finished run finished: a late RUNNING record changes nothing", async () => {
    const done = await run("COMPLETED");
    await recordRun(done, { status: "RUNNING", attempt: 4 });
    expect(await db.workflowRun.findUniqueOrThrow({ where: { runId: done.runId } })).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });
});
