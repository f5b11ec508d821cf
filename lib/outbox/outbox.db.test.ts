import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inngestEventApi, json, localHttpServer } from "../../scripts/test/local-http";
import { db } from "../db";
import { dispatchOutbox, enqueue, type SendEvents } from "./outbox";

const POISON = "poisoned";

/** Polls `condition` until it holds, failing after 10 seconds. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const MINUTE = 60_000;

describe("the outbox", () => {
  let inngestApi: Awaited<ReturnType<typeof localHttpServer>>;
  let eventApi: ReturnType<typeof inngestEventApi>;
  let unavailable = false;
  /** While set, Inngest answers only once it resolves. */
  let held: Promise<void> | null = null;
  let sendToInngest: SendEvents;

  beforeAll(async () => {
    // Inngest's event API, refusing any event whose data says it is poisoned.
    eventApi = inngestEventApi((event) => ((event.data as { kind?: string }).kind === POISON ? "event data is not valid for this app" : null));
    inngestApi = await localHttpServer((request, res) => {
      const answer = () => (unavailable ? json(res, 503, { error: "unavailable" }) : eventApi.respond(request, res));
      if (held) void held.then(answer);
      else answer();
    });
    // The Inngest client reads its configuration when it is created: set it first.
    Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: inngestApi.url });
    ({ sendToInngest } = await import("../../inngest/send-outbox"));
  });
  afterAll(() => inngestApi.close());
  beforeEach(() => {
    unavailable = false;
    held = null;
  });

  const write = (data: Record<string, string>, extra: { dedupeKey?: string; notBefore?: Date } = {}) =>
    db.$transaction((tx) => enqueue(tx, { name: "deposit/settled", data, ...extra }));
  const row = (id: string) => db.outboxEvent.findUniqueOrThrow({ where: { id } });
  const timesSent = (id: string) => inngestApi.requests.flatMap((request) => JSON.parse(request.body) as { id: string }[]).filter((event) => event.id === id).length;

  it("sends nothing that was rolled back", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(tx, { name: "deposit/settled", data: { depositId: "rolled-back" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.outboxEvent.count({ where: { data: { equals: { depositId: "rolled-back" } } } })).toBe(0);
  });

  it("sends committed events to Inngest with the row id as the event id, once", async () => {
    const id = await write({ depositId: "d-1", amount: "500" });
    expect(await dispatchOutbox(sendToInngest, { ids: [id] })).toEqual({ claimed: 1, sent: 1, retrying: 0, parked: 0, deferred: 0 });
    expect(await dispatchOutbox(sendToInngest, { ids: [id] })).toEqual({ claimed: 0, sent: 0, retrying: 0, parked: 0, deferred: 0 });

    const sent = inngestApi.requests.flatMap((request) => JSON.parse(request.body) as { id: string; name: string; data: unknown }[]);
    expect(sent.filter((event) => event.id === id)).toEqual([{ id, name: "deposit/settled", data: { depositId: "d-1", amount: "500" } }]);
    expect(await row(id)).toMatchObject({ attempts: 1, lastError: null, sentAt: expect.any(Date), parkedAt: null });
  });

  it("delivers every other row around a poisoned one, retries it 1, 2, 4 and 8 minutes later, and parks it at the fifth refusal", async () => {
    const healthy: string[] = [];
    for (let n = 0; n < 30; n++) healthy.push(await write({ depositId: `healthy-${n}` }));
    const poisoned = await write({ depositId: "poisoned", kind: POISON });
    for (let n = 30; n < 60; n++) healthy.push(await write({ depositId: `healthy-${n}` }));

    const start = new Date(Date.now() + MINUTE);
    const first = await dispatchOutbox(sendToInngest, { limit: 500, now: start });
    expect(first).toMatchObject({ sent: 60, retrying: 1, parked: 0, deferred: 0 });
    // Each healthy event reached Inngest (some twice: those it took before refusing the poisoned one came
    // again in a smaller request, and Inngest deduplicates them by id); the poisoned one never did.
    expect(healthy.filter((id) => !eventApi.accepted.has(id))).toEqual([]);
    expect(eventApi.accepted.has(poisoned)).toBe(false);
    const rows = await db.outboxEvent.findMany({ where: { id: { in: healthy } } });
    expect(rows.filter((r) => r.sentAt === null)).toEqual([]);
    expect(await row(poisoned)).toMatchObject({
      sentAt: null,
      parkedAt: null,
      attempts: 1,
      lastError: "Inngest answered 400: event data is not valid for this app",
      nextAttemptAt: new Date(start.getTime() + MINUTE),
    });

    // Not tried before its time, and later events do not wait for it.
    const later = await write({ depositId: "after-the-poison" });
    expect(await dispatchOutbox(sendToInngest, { limit: 500, now: new Date(start.getTime() + MINUTE - 1) })).toMatchObject({ claimed: 1, sent: 1 });
    expect((await row(later)).sentAt).not.toBeNull();

    // Tried again at each backoff: 1, 2, 4, 8 minutes after each refusal; the fifth refusal parks it.
    const schedule: [number, Date | null][] = [];
    let at = new Date(start.getTime() + MINUTE);
    for (let attempt = 2; attempt <= 5; attempt++) {
      expect(await dispatchOutbox(sendToInngest, { limit: 500, now: at })).toMatchObject({ claimed: 1, sent: 0 });
      const now = await row(poisoned);
      schedule.push([now.attempts, now.parkedAt ?? now.nextAttemptAt]);
      at = now.parkedAt ? at : now.nextAttemptAt;
    }
    const minutes = (date: Date | null) => (date!.getTime() - start.getTime()) / MINUTE;
    expect(schedule.map(([attempts, when]) => [attempts, minutes(when)])).toEqual([
      [2, 1 + 2],
      [3, 3 + 4],
      [4, 7 + 8],
      [5, 15], // parked at the fifth attempt
    ]);
    expect(await row(poisoned)).toMatchObject({ parkedAt: new Date(start.getTime() + 15 * MINUTE), attempts: 5, sentAt: null });

    // Parked: no longer tried, however late.
    expect(await dispatchOutbox(sendToInngest, { limit: 500, now: new Date(start.getTime() + 24 * 60 * MINUTE) })).toMatchObject({ claimed: 0 });
    expect(eventApi.accepted.has(poisoned)).toBe(false);
  });

  it("parks an event over Inngest's 256 KiB at once, with the reason, without sending it, and sends the rest", async () => {
    const oversize = await write({ depositId: "oversize", statement: "x".repeat(300 * 1024) });
    const small = await write({ depositId: "beside-the-oversize" });
    expect(await dispatchOutbox(sendToInngest, { ids: [oversize, small] })).toEqual({ claimed: 2, sent: 1, retrying: 0, parked: 1, deferred: 0 });

    expect(await row(oversize)).toMatchObject({
      sentAt: null,
      parkedAt: expect.any(Date),
      attempts: 0,
      lastError: "Inngest would always refuse it: the event is 300.1 KiB, and Inngest accepts at most 256.0 KiB per event.",
    });
    expect(timesSent(oversize)).toBe(0);
    expect((await row(small)).sentAt).not.toBeNull();
  });

  it("when Inngest cannot answer, charges no attempt, tries one request rather than one per row, and sends all once it answers", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await write({ depositId: `outage-${n}` }));
    unavailable = true;
    const requestsBefore = inngestApi.requests.length;
    expect(await dispatchOutbox(sendToInngest, { ids })).toEqual({ claimed: 5, sent: 0, retrying: 0, parked: 0, deferred: 5 });
    expect(inngestApi.requests.length - requestsBefore).toBe(1);
    for (const id of ids) {
      expect(await row(id)).toMatchObject({ sentAt: null, parkedAt: null, attempts: 0, lastError: "Inngest could not take it: Inngest answered 503: unavailable" });
      expect((await row(id)).nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    }

    unavailable = false;
    expect(await dispatchOutbox(sendToInngest, { ids })).toMatchObject({ sent: 5 });
    for (const id of ids) expect(await row(id)).toMatchObject({ sentAt: expect.any(Date), attempts: 1, lastError: null });
  });

  it("with dispatchers at once, sends each row once", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 200; n++) ids.push(await write({ depositId: `race-${n}` }));
    const requestsBefore = inngestApi.requests.length;
    // Inngest holds its answers until every dispatcher has either sent a request or finished: each has then
    // taken its rows while the others' were still unsent.
    let answer!: () => void;
    held = new Promise<void>((resolve) => (answer = resolve));
    let finished = 0;
    const reports = Promise.all(
      [{ limit: 500 }, { limit: 500 }, { ids }].map((options) => dispatchOutbox(sendToInngest, options).finally(() => finished++)),
    );
    await until(() => finished + (inngestApi.requests.length - requestsBefore) >= 3, "every dispatcher sent or finished");
    answer();

    expect((await reports).reduce((sum, report) => sum + report.sent, 0)).toBe(200);
    const sentIds = inngestApi.requests.slice(requestsBefore).flatMap((request) => (JSON.parse(request.body) as { id: string }[]).map((event) => event.id));
    expect(sentIds.sort()).toEqual([...ids].sort());
    expect(await db.outboxEvent.count({ where: { id: { in: ids }, sentAt: null } })).toBe(0);
  });

  it("skips the rows another dispatcher is taking at that very moment, without waiting for it", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) ids.push(await write({ depositId: `taken-${n}` }));
    // Another dispatcher's claim, caught mid-statement: the rows are locked and being moved out of the way.
    let commitClaim!: () => void;
    const claimMayCommit = new Promise<void>((resolve) => (commitClaim = resolve));
    let claimed!: () => void;
    const rowsLocked = new Promise<void>((resolve) => (claimed = resolve));
    const otherClaim = db.$transaction(async (tx) => {
      await tx.outboxEvent.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date(Date.now() + 5 * MINUTE) } });
      claimed();
      await claimMayCommit;
    });
    await rowsLocked;
    let report: Awaited<ReturnType<typeof dispatchOutbox>> | null = null;
    const dispatch = dispatchOutbox(sendToInngest, { ids }).then((done) => (report = done));
    await until(async () => {
      if (report) return true;
      const [waiting] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return waiting!.n > 0;
    }, "the dispatcher finishes or waits on the other's rows");
    expect(report).toEqual({ claimed: 0, sent: 0, retrying: 0, parked: 0, deferred: 0 });
    commitClaim();
    await Promise.all([otherClaim, dispatch]);
    for (const id of ids) expect(timesSent(id)).toBe(0);
  });

  it("plans a delivery for later: not sent before its time, then sent", async () => {
    const notBefore = new Date(Date.now() + 10 * MINUTE);
    const id = await write({ depositId: "announced-again" }, { notBefore });
    expect(await dispatchOutbox(sendToInngest, { ids: [id] })).toMatchObject({ claimed: 0 });
    expect(await dispatchOutbox(sendToInngest, { ids: [id], now: new Date(notBefore.getTime() - 1) })).toMatchObject({ claimed: 0 });
    expect(await dispatchOutbox(sendToInngest, { ids: [id], now: notBefore })).toMatchObject({ claimed: 1, sent: 1 });
    expect(timesSent(id)).toBe(1);
  });

  it("writes one row for a dedupe key and returns its id to a second enqueue, after the first commits or while it is still open", async () => {
    const first = await write({ investmentAccountId: "a-1", runId: "r-1" }, { dedupeKey: "investment/completed:r-1" });
    await dispatchOutbox(sendToInngest, { ids: [first] });
    // A step run again after a crash: same key, nothing written, nothing sent again.
    const again = await write({ investmentAccountId: "a-1", runId: "r-1" }, { dedupeKey: "investment/completed:r-1" });
    expect(again).toBe(first);
    expect(await dispatchOutbox(sendToInngest, { ids: [again] })).toMatchObject({ claimed: 0 });
    expect(await db.outboxEvent.count({ where: { dedupeKey: "investment/completed:r-1" } })).toBe(1);
    expect(timesSent(first)).toBe(1);

    // Two transactions at once: the second waits on the first's row, then writes nothing and returns its id,
    // without failing its own transaction.
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstWrote!: (id: string) => void;
    const firstId = new Promise<string>((resolve) => (firstWrote = resolve));
    const holder = db.$transaction(async (tx) => {
      const id = await enqueue(tx, { name: "investment/completed", data: { runId: "r-2" }, dedupeKey: "investment/completed:r-2" });
      firstWrote(id);
      await firstMayCommit;
      return id;
    });
    await firstId;
    const waiter = db.$transaction(async (tx) => {
      const id = await enqueue(tx, { name: "investment/completed", data: { runId: "r-2" }, dedupeKey: "investment/completed:r-2" });
      await tx.auditLog.count(); // the transaction goes on after the duplicate
      return id;
    });
    await until(async () => {
      const [waiting] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return waiting!.n > 0;
    }, "the second enqueue waits on the first's row");
    commitFirst();
    expect(await waiter).toBe(await holder);
    expect(await db.outboxEvent.count({ where: { dedupeKey: "investment/completed:r-2" } })).toBe(1);
  });
});
