import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../scripts/workflows/clock";
import { LocalExecutor } from "../scripts/workflows/local-executor";

/**
 * The run recorder on the app's real serve() handler over HTTP, driven by the local executor as Inngest
 * would drive it: runs that complete, fail after their retries, and fail with a failure handler.
 */
let executor: LocalExecutor;
let app: Server;
let lib: { db: typeof import("../lib/db").db; inngest: typeof import("./client").inngest };

beforeAll(async () => {
  executor = new LocalExecutor({ databaseUrl: process.env.DATABASE_URL!, clock: new ManualClock(), retryDelayScale: 0.0001 });
  await executor.start();
  // The Inngest client reads its configuration when created: point it at the executor first.
  Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: executor.url });
  const [{ serve }, { NonRetriableError }, client, db] = await Promise.all([import("inngest/node"), import("inngest"), import("./client"), import("../lib/db")]);
  lib = { db: db.db, inngest: client.inngest };
  const completes = client.inngest.createFunction({ id: "test-completes", triggers: [{ event: "test/complete" }] }, async ({ step, event }) => {
    const doubled = await step.run("double", () => Number(event.data.n) * 2);
    return { doubled };
  });
  // Fails its first attempt, then succeeds: one run, two attempts.
  const flaky = client.inngest.createFunction({ id: "test-flaky", triggers: [{ event: "test/flaky" }], retries: 2 }, async ({ step, attempt }) =>
    step.run("flaky step", () => {
      if (attempt === 0) throw new Error("first attempt fails");
      return "ok";
    }),
  );
  const fails = client.inngest.createFunction({ id: "test-fails", triggers: [{ event: "test/fail" }], retries: 1 }, async ({ step }) => {
    await step.run("always broken", () => {
      throw new Error("the price source is down");
    });
  });
  const refuses = client.inngest.createFunction(
    {
      id: "test-refuses",
      triggers: [{ event: "test/refuse" }],
      onFailure: async ({ step }) => step.run("clean up", () => "cleaned"),
    },
    async () => {
      throw new NonRetriableError("the account is closed");
    },
  );
  app = createServer(serve({ client: client.inngest, functions: [completes, flaky, fails, refuses] }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  await executor.sync(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`);
});

afterAll(async () => {
  await executor.stop();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

async function start(name: string, data: Record<string, unknown>, functionId: string) {
  const { ids } = await lib.inngest.send({ name, data });
  return executor.waitForRun(functionId, (run) => run.event.id === ids[0]);
}

describe("recording workflow runs", () => {
  it("records a run that completes: started, finished, one attempt, the event that started it", async () => {
    const run = await start("test/complete", { n: 21 }, "autovest-test-completes");
    expect(run.status).toBe("completed");
    const row = await lib.db.workflowRun.findUniqueOrThrow({ where: { runId: run.runId } });
    expect(row).toMatchObject({ functionId: "autovest-test-completes", eventName: "test/complete", eventData: { n: 21 }, status: "COMPLETED", attempts: 1, error: null });
    expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime());
  });

  it("counts the attempts of a run that succeeded on a retry", async () => {
    const run = await start("test/flaky", {}, "autovest-test-flaky");
    expect(run.status).toBe("completed");
    expect(await lib.db.workflowRun.findUniqueOrThrow({ where: { runId: run.runId } })).toMatchObject({ status: "COMPLETED", attempts: 2 });
  });

  it("records a run that failed for good after its retries, with the error", async () => {
    const run = await start("test/fail", { investmentAccountId: "acct-9" }, "autovest-test-fails");
    expect(run.status).toBe("failed");
    const row = await lib.db.workflowRun.findUniqueOrThrow({ where: { runId: run.runId } });
    expect(row).toMatchObject({ functionId: "autovest-test-fails", eventName: "test/fail", status: "FAILED", attempts: 2, retryEventId: null });
    expect(row.error).toContain("the price source is down");
    expect(row.finishedAt).not.toBeNull();
  });

  it("records a run refused outright, and its failure handler's own run", async () => {
    const run = await start("test/refuse", {}, "autovest-test-refuses");
    expect(run.status).toBe("failed");
    const handler = await executor.waitForRun("autovest-test-refuses-failure", (r) => (r.event.data as { run_id?: string }).run_id === run.runId);
    expect(await lib.db.workflowRun.findUniqueOrThrow({ where: { runId: run.runId } })).toMatchObject({ status: "FAILED", attempts: 1, error: "the account is closed" });
    expect(await lib.db.workflowRun.findUniqueOrThrow({ where: { runId: handler.runId } })).toMatchObject({
      functionId: "autovest-test-refuses-failure",
      eventName: "inngest/function.failed",
      status: "COMPLETED",
    });
  });

  it("marks a run failed from its failure notice even when the app never saw it end", async () => {
    // As if the last attempt had crashed the app: the run is RUNNING here, and Inngest sends the notice (the
    // app could not: Inngest's event API refuses inngest/ events from anyone else).
    await lib.db.workflowRun.create({
      data: { runId: "crashed-run", functionId: "autovest-test-refuses", eventName: "test/refuse", eventData: { n: 1 }, status: "RUNNING" },
    });
    await executor.emitSystemEvent("inngest/function.failed", {
      function_id: "autovest-test-refuses",
      run_id: "crashed-run",
      error: { message: "request timed out" },
      event: { name: "test/refuse", data: { n: 1 } },
    });
    await executor.waitForRun("autovest-test-refuses-failure", (r) => (r.event.data as { run_id?: string }).run_id === "crashed-run");
    expect(await lib.db.workflowRun.findUniqueOrThrow({ where: { runId: "crashed-run" } })).toMatchObject({ status: "FAILED", error: "request timed out" });
  });

  it("never fails a run because its record cannot be written", async () => {
    await lib.db.$executeRawUnsafe(`CREATE FUNCTION refuse_run_records() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await lib.db.$executeRawUnsafe(`CREATE TRIGGER refuse_run_records BEFORE INSERT OR UPDATE ON "WorkflowRun" FOR EACH ROW EXECUTE FUNCTION refuse_run_records()`);
    try {
      const run = await start("test/complete", { n: 5 }, "autovest-test-completes");
      expect(run).toMatchObject({ status: "completed", output: { doubled: 10 } });
      expect(await lib.db.workflowRun.count({ where: { runId: run.runId } })).toBe(0);
    } finally {
      await lib.db.$executeRawUnsafe(`DROP TRIGGER refuse_run_records ON "WorkflowRun"`);
    }
  });
});
