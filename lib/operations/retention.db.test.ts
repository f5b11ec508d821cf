import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { recordRun, type RunState } from "./record-run";
import { pruneWorkflowRuns } from "./retention";

const NOW = new Date("2026-11-21T03:40:00Z");

/** A run recorded as the middleware records it, started `daysAgo` days before `from`. */
async function runStarted(daysAgo: number, status: "RUNNING" | "COMPLETED" | "FAILED", from = NOW): Promise<string> {
  const identity = { runId: randomUUID(), functionId: "autovest-audit-seal", event: { name: "inngest/scheduled.timer", data: {} } };
  await recordRun(identity, { status: "RUNNING", attempt: 0 });
  const end: RunState | null = status === "COMPLETED" ? { status } : status === "FAILED" ? { status, error: "the database went away" } : null;
  if (end) await recordRun(identity, end);
  const startedAt = new Date(from.getTime() - daysAgo * 86_400_000);
  await db.workflowRun.update({ where: { runId: identity.runId }, data: { startedAt } });
  return identity.runId;
}

describe("keeping workflow-run records", () => {
  it("deletes completed runs after 30 days and failed ones after 90, never a running one, in batches", async () => {
    const kept = [
      await runStarted(29.9, "COMPLETED"),
      await runStarted(31, "FAILED"),
      await runStarted(89.9, "FAILED"),
      await runStarted(400, "RUNNING"), // stuck: an operator has to see it
    ];
    const deleted = [await runStarted(30.1, "COMPLETED"), await runStarted(31, "COMPLETED"), await runStarted(365, "COMPLETED"), await runStarted(90.1, "FAILED")];

    // Batches of 3: the first takes 3 of the 4, the second the last one, the third finds nothing.
    expect(await pruneWorkflowRuns(NOW, 3)).toBe(3);
    expect(await pruneWorkflowRuns(NOW, 3)).toBe(1);
    expect(await pruneWorkflowRuns(NOW, 3)).toBe(0);

    const left = await db.workflowRun.findMany({ where: { runId: { in: [...kept, ...deleted] } }, select: { runId: true } });
    expect(left.map((r) => r.runId).sort()).toEqual([...kept].sort());
  });
});

describe("the nightly prune (Inngest function)", () => {
  it("deletes every expired run and reports how many", async () => {
    const { InngestTestEngine } = await import("@inngest/test");
    const { pruneWorkflowRunsNightly } = await import("../../inngest/functions/prune-workflow-runs");
    while ((await pruneWorkflowRuns(new Date())) > 0); // nothing expired left from other tests
    const now = new Date();
    const old = await Promise.all([1, 2, 3].map(() => runStarted(45, "COMPLETED", now)));
    const recent = await runStarted(1, "COMPLETED", now);

    const { result } = await new InngestTestEngine({ function: pruneWorkflowRunsNightly }).execute();
    expect(result).toEqual({ deleted: 3 });
    expect(await db.workflowRun.count({ where: { runId: { in: old } } })).toBe(0);
    expect(await db.workflowRun.count({ where: { runId: recent } })).toBe(1);
  });
});
