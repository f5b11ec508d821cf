import { createServer as createTcpServer } from "node:net";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, NonRetriableError, RetryAfterError, type InngestFunction } from "inngest";
import { serve } from "inngest/node";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "./clock";
import { EventRefused, LocalExecutor, PortInUse, type LocalExecutorOptions, type RunRecord } from "./local-executor";
import { startLocalWorkflows } from "./start";
import type { StoredRun } from "./runs";
import { RunStore, STANDIN_SCHEMA } from "./store";

/**
 * Each of Inngest's rules the stand-in keeps, proven on small test-only functions served by the SDK's real
 * serve() over HTTP, with the stand-in's state in this file's PostgreSQL database and a clock the test moves.
 */
const HOUR = 3_600_000;
const APP = "standin";
/** Retry delays at a ten-thousandth: Inngest's first backoff (15 s) becomes 1.5 ms. */
const RETRY_SCALE = 0.0001;

type Functions = (client: Inngest) => InngestFunction.Any[];

interface StandIn {
  executor: LocalExecutor;
  client: Inngest;
  clock: ManualClock;
  serveUrl: string;
  stop(): Promise<void>;
}

const running: StandIn[] = [];

afterEach(async () => {
  for (const standIn of running.splice(0)) await standIn.stop();
});

async function forgetStandInState() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${STANDIN_SCHEMA} CASCADE`);
  await client.end();
}

/** A stand-in on this file's database and an app serving `functions` through it, synced. */
async function standIn(
  functions: Functions,
  { keepState = false, sync = true, ...options }: Partial<LocalExecutorOptions> & { keepState?: boolean; sync?: boolean } = {},
): Promise<StandIn> {
  if (!keepState) await forgetStandInState();
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock("2026-11-23T12:00:00Z");
  const executor = new LocalExecutor({ databaseUrl: process.env.DATABASE_URL!, retryDelayScale: RETRY_SCALE, ...options, clock });
  await executor.start();
  const client = new Inngest({ id: APP, isDev: true, baseUrl: executor.url });
  const app: Server = createServer(serve({ client, functions: functions(client) }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const serveUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  if (sync) await executor.sync(serveUrl);
  const handle: StandIn = {
    executor,
    client,
    clock,
    serveUrl,
    stop: async () => {
      await executor.stop();
      await new Promise<void>((resolve) => app.close(() => resolve()));
    },
  };
  running.push(handle);
  return handle;
}

const runsOf = (executor: LocalExecutor, functionId: string) => executor.runs().filter((run) => run.functionId === `${APP}-${functionId}`);
const only = (executor: LocalExecutor, functionId: string): RunRecord => {
  const runs = runsOf(executor, functionId);
  expect(runs, `${functionId} runs`).toHaveLength(1);
  return runs[0]!;
};

describe("concurrency: counted on executing steps, per key", () => {
  /** Step bodies report here, so the test sees how many ran at the same moment. */
  function tracked() {
    let inFlight = 0;
    const log: string[] = [];
    const state = { most: 0, log };
    const waiters: (() => void)[] = [];
    return {
      state,
      /** Runs a step body; with `meetOthers`, it waits (up to 500 ms) for a second body to be in flight too. */
      async body(label: string, meetOthers: boolean) {
        inFlight++;
        state.most = Math.max(state.most, inFlight);
        log.push(label);
        waiters.splice(0).forEach((wake) => wake());
        if (meetOthers && inFlight < 2) {
          await new Promise<void>((resolve) => {
            waiters.push(resolve);
            setTimeout(resolve, 500);
          });
        }
        inFlight--;
        return label;
      },
    };
  }

  function accountRuns(client: Inngest, steps: ReturnType<typeof tracked>) {
    return [
      client.createFunction(
        { id: "per-account", triggers: [{ event: "test/account" }], concurrency: { key: "event.data.account", limit: 1 } },
        async ({ event, step }) => {
          const who = String(event.data.tag);
          await step.run("first", () => steps.body(`${who}:first`, true));
          await step.sleep("rest an hour", "1h");
          await step.run("second", () => steps.body(`${who}:second`, true));
          return who;
        },
      ),
    ];
  }

  it("lets two runs of one key interleave while one sleeps, but never execute steps at once", async () => {
    const steps = tracked();
    const { executor, client, clock } = await standIn((c) => accountRuns(c, steps));
    await client.send([
      { name: "test/account", data: { account: "acct-1", tag: "a" } },
      { name: "test/account", data: { account: "acct-1", tag: "b" } },
    ]);
    await executor.settled();
    // Both ran their first step and sleep: a sleeping run held no slot.
    expect(runsOf(executor, "per-account").map((run) => [run.state, run.steps])).toEqual([
      ["sleeping", ["first"]],
      ["sleeping", ["first"]],
    ]);
    clock.advance(HOUR);
    await executor.settled();
    expect(runsOf(executor, "per-account").map((run) => [run.status, run.output])).toEqual([
      ["completed", "a"],
      ["completed", "b"],
    ]);
    // b's first step ran while a slept; the two wake together, in either order.
    expect(steps.state.log.slice(0, 2)).toEqual(["a:first", "b:first"]);
    expect(steps.state.log.slice(2).sort()).toEqual(["a:second", "b:second"]);
    expect(steps.state.most).toBe(1);
  });

  it("runs steps of different keys at the same time", async () => {
    const steps = tracked();
    const { executor, client, clock } = await standIn((c) => accountRuns(c, steps));
    await client.send([
      { name: "test/account", data: { account: "acct-1", tag: "a" } },
      { name: "test/account", data: { account: "acct-2", tag: "b" } },
    ]);
    await executor.settled();
    clock.advance(HOUR);
    await executor.settled();
    expect(steps.state.most).toBe(2);
  });
});

describe("Inngest's limits fail the run with Inngest's own error", () => {
  it("fails a run that plans 1,001 steps at once", async () => {
    let ran = 0;
    const { executor, client } = await standIn((c) => [
      c.createFunction({ id: "wide", triggers: [{ event: "test/wide" }] }, async ({ event, step }) =>
        Promise.all(Array.from({ length: Number(event.data.steps) }, (_, i) => step.run(`part ${i}`, () => ++ran))),
      ),
    ]);
    await client.send({ name: "test/wide", data: { steps: 1001 } });
    const run = await executor.waitForRun(`${APP}-wide`);
    expect(run).toMatchObject({ status: "failed", steps: [], requests: 1 });
    expect(run.error).toEqual({
      error: "InngestErrFunctionOverflowed: The function run exceeded the step limit of 1000 steps.",
      name: "InngestErrFunctionOverflowed",
      message: "The function run exceeded the step limit of 1000 steps.",
    });
    expect(ran).toBe(0);
  });

  it("fails a run that has 1,000 steps behind it before its next request", async () => {
    // 1,000 requests one after another take minutes (the SDK replays every memoized step on each), so the
    // run starts as an earlier stand-in would have left it in PostgreSQL: 1,000 steps done, more to come.
    await forgetStandInState();
    const store = await RunStore.open(process.env.DATABASE_URL!);
    const memo = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`${i}`.padStart(40, "0"), { type: "data" as const, data: i }]));
    const run: StoredRun = {
      runId: "01KBSTEPLIMIT0000000000000",
      functionId: `${APP}-long`,
      event: { id: "e-long", name: "test/long", data: {}, ts: 0 },
      status: "running",
      state: "queued",
      memo,
      stack: Object.keys(memo),
      stepNames: Object.keys(memo).map((_, i) => `step ${i}`),
      attempt: 0,
      latestAttempts: 1,
      requests: 1000,
      stateBytes: 10_000,
      planned: [],
      wakeAt: null,
      retryAt: null,
      wait: null,
      parent: null,
      startedAt: "2026-11-23T11:00:00.000Z",
      finishedAt: null,
    };
    await store.save(run);
    for (const [position, id] of run.stack.entries()) await store.saveStep(run.runId, id, position, memo[id]!);
    await store.close();
    let called = 0;
    const { executor } = await standIn(
      (c) => [
        c.createFunction({ id: "long", triggers: [{ event: "test/long" }] }, async () => {
          called++;
        }),
      ],
      { keepState: true },
    );
    const failed = await executor.waitForRun(`${APP}-long`);
    expect(failed).toMatchObject({ status: "failed", requests: 1000 });
    expect(failed.error).toEqual({
      error: "function has too many steps",
      name: "InngestErrFunctionOverflowed",
      message: "The function run exceeded the step limit of 1000 steps.",
    });
    expect(called).toBe(0);
  });

  it("fails a step whose output is over 4 MB, and keeps one just under", async () => {
    const { executor, client } = await standIn((c) => [
      c.createFunction({ id: "big-output", triggers: [{ event: "test/big" }], retries: 0 }, async ({ event, step }) =>
        step.run("return a lot", () => "x".repeat(Number(event.data.chars))),
      ),
    ]);
    const limit = 4 * 1024 * 1024;
    await client.send([
      { name: "test/big", data: { chars: limit - 2 } }, // with its quotes, exactly 4 MB of JSON
      { name: "test/big", data: { chars: limit - 1 } },
    ]);
    await executor.settled();
    const [fits, over] = runsOf(executor, "big-output");
    expect(fits!.status).toBe("completed");
    expect(over!.status).toBe("failed");
    expect(over!.error).toMatchObject({ name: "Error" });
    expect((over!.error as { message: string }).message).toMatch(/^error validating generator opcode [0-9a-f]{40}: step output size is greater than the limit$/);
  });

  it("fails a run whose state passes 32 MB", { timeout: 60_000 }, async () => {
    const { executor, client } = await standIn((c) => [
      c.createFunction({ id: "big-state", triggers: [{ event: "test/state" }], retries: 0 }, async ({ step }) => {
        for (let i = 0; i < 9; i++) await step.run(`chunk ${i}`, () => "y".repeat(3.9 * 1024 * 1024));
      }),
    ]);
    await client.send({ name: "test/state", data: {} });
    const run = await executor.waitForRun(`${APP}-big-state`, () => true, 50_000);
    expect(run.status).toBe("failed");
    expect(run.error).toEqual({
      error: "InngestErrStateOverflowed: The function run exceeded the state size limit of 33554432 bytes.",
      name: "InngestErrStateOverflowed",
      message: "The function run exceeded the state size limit of 33554432 bytes.",
    });
    expect(run.steps).toHaveLength(8);
  });

  it("refuses an event over 256 KiB at the event API, with Inngest's status and message", async () => {
    const { executor, client } = await standIn((c) => [
      c.createFunction({ id: "takes-events", triggers: [{ event: "test/sized" }] }, async () => "ran"),
    ]);
    const fits = { name: "test/sized", data: { blob: "" } };
    fits.data.blob = "z".repeat(256 * 1024 - Buffer.byteLength(JSON.stringify(fits)));
    const over = { name: "test/sized", data: { blob: `${fits.data.blob}z` } };
    await expect(executor.send([over])).rejects.toThrow(new EventRefused(`Event is over the max size: Max 262144 bytes / Size ${256 * 1024 + 1} bytes`));
    await expect(client.send(over)).rejects.toThrow(/^Inngest API Error: 400 Event is over the max size: Max 262144 bytes \/ Size \d+ bytes$/);
    await executor.send([fits]);
    await executor.settled();
    expect(runsOf(executor, "takes-events").map((run) => run.status)).toEqual(["completed"]);
    await expect(executor.send([{ name: "inngest/function.failed", data: {} }])).rejects.toThrow("event name is reserved for internal use: inngest/function.failed");
  });
});

describe("retries", () => {
  it("makes 5 attempts by default (4 retries), then runs the failure handler", async () => {
    let calls = 0;
    const { executor, client } = await standIn((c) => {
      // Declared apart from the array, so TypeScript infers the failure handler's arguments.
      const alwaysFails = c.createFunction(
        {
          id: "always-fails",
          triggers: [{ event: "test/fail" }],
          onFailure: async ({ event, step }) => step.run("clean up", () => String(event.data.run_id)),
        },
        async ({ step }) =>
          step.run("broken", () => {
            calls++;
            throw new Error("the price source is down");
          }),
      );
      return [alwaysFails];
    });
    await client.send({ name: "test/fail", data: {} });
    const run = await executor.waitForRun(`${APP}-always-fails`);
    expect(run).toMatchObject({ status: "failed", attempts: 5, steps: ["broken (failed)"] });
    expect(calls).toBe(5);
    expect(JSON.stringify(run.error)).toContain("the price source is down");
    const handler = await executor.waitForRun(`${APP}-always-fails-failure`);
    expect(handler).toMatchObject({ status: "completed", output: run.runId });
  });

  it("honours the synced retries, NonRetriableError and RetryAfterError", async () => {
    let flaky = 0;
    const { executor, client } = await standIn((c) => [
      c.createFunction({ id: "two-retries", triggers: [{ event: "test/two" }], retries: 2 }, async () => {
        throw new Error("always");
      }),
      c.createFunction({ id: "refuses", triggers: [{ event: "test/refuse" }] }, async () => {
        throw new NonRetriableError("the account is closed");
      }),
      c.createFunction({ id: "later", triggers: [{ event: "test/later" }] }, async ({ step }) =>
        step.run("not yet", () => {
          if (flaky++ === 0) throw new RetryAfterError("come back in an hour", "1h");
          return "now";
        }),
      ),
    ]);
    await client.send([
      { name: "test/two", data: {} },
      { name: "test/refuse", data: {} },
    ]);
    await executor.settled();
    expect(only(executor, "two-retries")).toMatchObject({ status: "failed", attempts: 3 });
    expect(only(executor, "refuses")).toMatchObject({ status: "failed", attempts: 1, error: expect.objectContaining({ message: "the account is closed" }) });

    const sentAt = Date.now();
    await client.send({ name: "test/later", data: {} });
    const retrying = await executor.waitFor((runs) => runs.find((run) => run.functionId === `${APP}-later` && run.state === "retrying"));
    // One hour at the retry scale (360 ms), not the 15-45 s backoff (1.5-4.5 ms).
    expect(retrying.retryAt!.getTime() - sentAt).toBeGreaterThanOrEqual(HOUR * RETRY_SCALE - 50);
    expect((await executor.waitForRun(`${APP}-later`)).output).toBe("now");
  });
});

describe("event ids", () => {
  it("are deduplicated for 24 hours of the stand-in's clock, and not after", async () => {
    const { executor, client, clock } = await standIn((c) => [c.createFunction({ id: "once", triggers: [{ event: "test/once" }] }, async () => "ran")]);
    const send = async () => {
      await client.send({ id: "deposit-42", name: "test/once", data: {} });
      await executor.settled();
      return runsOf(executor, "once").length;
    };
    expect(await send()).toBe(1);
    expect(await send()).toBe(1);
    clock.advance(24 * HOUR - 60_000);
    expect(await send()).toBe(1);
    clock.advance(2 * 60_000);
    expect(await send()).toBe(2);
  });
});

describe("crons", () => {
  const cronFunctions: Functions = (c) => [
    c.createFunction({ id: "weekday-sweep", triggers: [{ cron: "0 15 * * 1-5" }] }, async ({ event }) => event.data.cron),
    c.createFunction({ id: "every-minute", triggers: [{ cron: "* * * * *" }] }, async () => "tick"),
  ];

  it("fire `0 15 * * 1-5` on a Monday at 15:00 UTC and not on a Saturday; only the crons asked for", async () => {
    const clock = new ManualClock("2026-11-21T14:58:00Z"); // a Saturday
    const { executor } = await standIn(cronFunctions, { clock, crons: [`${APP}-weekday-sweep`] });
    clock.advance(3 * 60_000);
    await executor.settled();
    expect(runsOf(executor, "weekday-sweep")).toEqual([]);

    clock.set("2026-11-23T14:59:00Z"); // Monday
    await executor.settled();
    expect(runsOf(executor, "weekday-sweep")).toEqual([]);
    clock.advance(60_000);
    await executor.settled();
    const run = only(executor, "weekday-sweep");
    expect(run).toMatchObject({ status: "completed", output: "0 15 * * 1-5" });
    expect(run.event).toMatchObject({ id: "2026-11-23T15:00:00Z", name: "inngest/scheduled.timer" });
    expect(runsOf(executor, "every-minute")).toEqual([]);
  });

  it("fire every occurrence the clock passes, in order", async () => {
    const clock = new ManualClock("2026-11-23T12:00:30Z");
    const { executor } = await standIn(cronFunctions, { clock, crons: true });
    clock.advance(3 * 60_000);
    await executor.settled();
    expect(runsOf(executor, "every-minute").map((run) => run.event.id)).toEqual(["2026-11-23T12:01:00Z", "2026-11-23T12:02:00Z", "2026-11-23T12:03:00Z"]);
  });
});

describe("cancellation", () => {
  let after = 0;
  const cancellable: Functions = (c) => [
    c.createFunction(
      {
        id: "cancellable",
        triggers: [{ event: "test/job" }],
        cancelOn: [{ event: "test/stop", if: "async.data.job == event.data.job" }],
        onFailure: async () => "must not run for a cancelled run",
      },
      async ({ step }) => {
        await step.run("first", () => "done");
        await step.sleep("wait a day", "1d");
        await step.run("after", () => ++after);
      },
    ),
    c.createFunction(
      { id: "cleanup", triggers: [{ event: "inngest/function.cancelled", if: `event.data.function_id == '${APP}-cancellable'` }] },
      async ({ event }) => event.data,
    ),
  ];

  async function twoSleepingJobs(options: Partial<LocalExecutorOptions> = {}) {
    after = 0;
    const standInRun = await standIn(cancellable, options);
    await standInRun.client.send([
      { name: "test/job", data: { job: "a" } },
      { name: "test/job", data: { job: "b" } },
    ]);
    await standInRun.executor.settled();
    const [a, b] = runsOf(standInRun.executor, "cancellable");
    expect([a!.state, b!.state]).toEqual(["sleeping", "sleeping"]);
    return { ...standInRun, a: a!, b: b! };
  }

  async function expectCancelled(executor: LocalExecutor, clock: ManualClock, cancelled: RunRecord, other: RunRecord) {
    clock.advance(24 * HOUR);
    await executor.settled();
    const runs = Object.fromEntries(executor.runs().map((run) => [run.runId, run]));
    expect(runs[cancelled.runId]).toMatchObject({ status: "cancelled", steps: ["first"], error: { name: "Error", message: "function cancelled" } });
    expect(runs[other.runId]).toMatchObject({ status: "completed", steps: ["first", "wait a day", "after"] });
    expect(after).toBe(1);
    const notice = only(executor, "cleanup");
    expect(notice.event).toMatchObject({ id: cancelled.runId, name: "inngest/function.cancelled" });
    expect(notice.output).toEqual({
      function_id: `${APP}-cancellable`,
      run_id: cancelled.runId,
      error: { error: "function cancelled", name: "Error", message: "function cancelled" },
      event: expect.objectContaining({ id: cancelled.event.id, data: { job: "a" } }),
    });
    expect(runsOf(executor, "cancellable-failure")).toEqual([]);
  }

  it("by cancelOn: a matching event stops the sleeping run it names", async () => {
    const { executor, client, clock, a, b } = await twoSleepingJobs();
    await client.send({ name: "test/stop", data: { job: "a" } });
    await executor.settled();
    await expectCancelled(executor, clock, a, b);
  });

  it("by Inngest's REST path DELETE /v1/runs/{runId}", async () => {
    const { executor, clock, a, b } = await twoSleepingJobs();
    expect((await fetch(`${executor.url}/v1/runs/${a.runId}`, { method: "DELETE" })).status).toBe(200);
    await executor.settled();
    await expectCancelled(executor, clock, a, b);
    const unknown = await fetch(`${executor.url}/v1/runs/01KAAAAAAAAAAAAAAAAAAAAAAA`, { method: "DELETE" });
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: "Unable to load function run: 01KAAAAAAAAAAAAAAAAAAAAAAA", data: null, status: 404 }]);
    expect((await fetch(`${executor.url}/v1/runs/not-a-run`, { method: "DELETE" })).status).toBe(400);
  });

  it("by Inngest's bulk REST path POST /v1/cancellations, with an expression", async () => {
    const { executor, clock, a, b } = await twoSleepingJobs();
    const response = await fetch(`${executor.url}/v1/cancellations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ app_id: APP, function_id: "cancellable", started_before: new Date(clock.now().getTime() + 1000).toISOString(), if: "event.data.job == 'a'" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { function_id: `${APP}-cancellable`, kind: "bulk_run", cause: "api" } });
    await executor.settled();
    await expectCancelled(executor, clock, a, b);
  });

  it("lets a step in flight finish, drops its result and runs nothing after it", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inStep = new Promise<void>((resolve) => (entered = resolve));
    let finished = 0;
    let later = 0;
    const { executor, client } = await standIn((c) => [
      c.createFunction({ id: "slow", triggers: [{ event: "test/slow" }] }, async ({ step }) => {
        await step.run("slow step", async () => {
          entered();
          await released;
          return ++finished;
        });
        await step.run("later", () => ++later);
      }),
    ]);
    await client.send({ name: "test/slow", data: {} });
    await inStep;
    const run = only(executor, "slow");
    expect(run.state).toBe("executing");
    const cancelling = executor.cancelRun(run.runId);
    release();
    await cancelling;
    await executor.settled();
    expect(only(executor, "slow")).toMatchObject({ status: "cancelled", steps: [] });
    expect([finished, later]).toEqual([1, 0]);
  });
});

describe("state in PostgreSQL", () => {
  it("lets a new stand-in on the same database resume a run the stopped one left sleeping, once the app is synced", async () => {
    let first = 0;
    const functions: Functions = (c) => [
      c.createFunction({ id: "sleeper", triggers: [{ event: "test/sleep" }] }, async ({ step }) => {
        await step.run("first", () => ++first);
        await step.sleep("sleep two hours", "2h");
        return step.run("wake", () => "awake");
      }),
    ];
    const before = await standIn(functions, { clock: new ManualClock("2026-11-23T12:00:00Z") });
    await before.client.send({ name: "test/sleep", data: {} });
    await before.executor.settled();
    const slept = only(before.executor, "sleeper");
    expect(slept).toMatchObject({ state: "sleeping", wakeAt: new Date("2026-11-23T14:00:00Z") });
    await before.stop();
    running.splice(running.indexOf(before), 1);

    // Restarted three hours later: the sleep is over, and the run waits for the app to be synced.
    const after = await standIn(functions, { clock: new ManualClock("2026-11-23T15:00:00Z"), keepState: true, sync: false });
    await after.executor.waitFor((runs) => runs.find((run) => run.state === "queued"));
    expect(only(after.executor, "sleeper")).toMatchObject({ runId: slept.runId, status: "running", state: "queued", steps: ["first", "sleep two hours"] });
    await after.executor.sync(after.serveUrl);
    const resumed = await after.executor.waitForRun(`${APP}-sleeper`);
    expect(resumed).toMatchObject({ runId: slept.runId, status: "completed", output: "awake", steps: ["first", "sleep two hours", "wake"] });
    expect(first).toBe(1);
  });

  it("keeps one stand-in per database", async () => {
    const { executor } = await standIn(() => []);
    const second = new LocalExecutor({ databaseUrl: process.env.DATABASE_URL! });
    await expect(second.start()).rejects.toThrow("Another local stand-in for Inngest is already using this database");
    expect(executor.runs()).toEqual([]);
  });
});

describe("its port", () => {
  it("is refused when taken, with how to move it, instead of adopting what listens there", async () => {
    const squatter = createTcpServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const { port } = squatter.address() as AddressInfo;
    try {
      const started = startLocalWorkflows({ appUrl: "http://localhost:1", port, databaseUrl: process.env.DATABASE_URL!, crons: false, log: () => {} });
      await expect(started).rejects.toThrow(PortInUse);
      await expect(started).rejects.toThrow(`Set INNGEST_DEV_PORT to a free port (e.g. INNGEST_DEV_PORT=${port + 1})`);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});
