import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { db } from "../db";
import { claimAccount, heldWorkOfAccount, heldWorkOfCancelledRun, releaseAccount } from "./account-run-lock";
import { queuedWorkOf } from "./run-keys";

const owner = (inngestRunId: string) => ({ functionId: "autovest-invest-account", inngestRunId });
const deposit = (investmentAccountId: string, id = randomUUID()) => ({ id, name: "deposit/settled", data: { investmentAccountId, depositId: id } });

describe("the account's run lock and queue", () => {
  it("gives the account to one run; a second run's work waits in the queue and starts, once, when the first releases it", async () => {
    const { accountId } = await createInvestor();
    const first = deposit(accountId);
    const second = deposit(accountId);
    expect(await claimAccount(accountId, first.id, "invest", owner("run-a"), queuedWorkOf("invest", first))).toEqual({ acquired: true });
    expect(await claimAccount(accountId, second.id, "invest", owner("run-b"), queuedWorkOf("invest", second))).toEqual({
      acquired: false,
      heldBy: first.id,
      queued: true,
    });
    // The first run's step, run again: it still holds the account.
    expect(await claimAccount(accountId, first.id, "invest", owner("run-a"), queuedWorkOf("invest", first))).toEqual({ acquired: true });
    expect(await db.accountRunLock.findUniqueOrThrow({ where: { investmentAccountId: accountId } })).toMatchObject({
      runId: first.id,
      kind: "invest",
      functionId: "autovest-invest-account",
      inngestRunId: "run-a",
      acquiredAt: expect.any(Date),
    });

    const released = await releaseAccount(accountId, first.id);
    expect(released.released).toBe(true);
    const next = await db.outboxEvent.findUniqueOrThrow({ where: { id: released.next! } });
    expect(next).toMatchObject({ name: "account/invest.requested", data: { investmentAccountId: accountId, reason: "waited for the account" } });
    expect(await db.accountRunQueue.count({ where: { investmentAccountId: accountId } })).toBe(0);
    // Released again (the unlock step, retried): nothing more starts.
    expect(await releaseAccount(accountId, first.id)).toEqual({ released: false, next: null });
  });

  it("keeps one queued investment however many deposits wait, and an operator's retry as itself, in arrival order", async () => {
    const { accountId } = await createInvestor();
    const holder = deposit(accountId);
    await claimAccount(accountId, holder.id, "invest", owner("run-a"), queuedWorkOf("invest", holder));
    for (let i = 0; i < 3; i++) {
      const waiting = deposit(accountId);
      await claimAccount(accountId, waiting.id, "invest", owner(`run-${i}`), queuedWorkOf("invest", waiting));
    }
    const rebalance = { id: "evt-r", name: "account/rebalance.requested", data: { investmentAccountId: accountId, reason: "drift" } };
    await claimAccount(accountId, "rebalance:evt-r", "rebalance", owner("run-r"), queuedWorkOf("rebalance", rebalance));
    const retry = { id: "evt-retry", name: "deposit/settled", data: { investmentAccountId: accountId, depositId: "d1", resumeRunId: "evt-failed" } };
    await claimAccount(accountId, "evt-failed", "invest", owner("run-retry"), queuedWorkOf("invest", retry));

    const queue = await db.accountRunQueue.findMany({ where: { investmentAccountId: accountId }, orderBy: { createdAt: "asc" } });
    expect(queue.map((row) => row.dedupeKey)).toEqual(["invest", "rebalance", "invest:resume:evt-failed"]);

    // Each release starts the next in line, and only when nobody holds the account.
    const started: string[] = [];
    let holderKey: string = holder.id;
    for (const expected of ["account/invest.requested", "account/rebalance.requested", "deposit/settled"]) {
      const { next } = await releaseAccount(accountId, holderKey);
      const event = await db.outboxEvent.findUniqueOrThrow({ where: { id: next! } });
      expect(event.name).toBe(expected);
      started.push(event.name);
      holderKey = `next-${started.length}`;
      await claimAccount(accountId, holderKey, "invest", null);
    }
    // The queue is empty: the last release starts nothing.
    expect(await releaseAccount(accountId, holderKey)).toEqual({ released: true, next: null });
  });

  it("under many claims at once, one run holds the account and every other run's work is queued once", async () => {
    const { accountId } = await createInvestor();
    const events = Array.from({ length: 12 }, () => deposit(accountId));
    const claims = await Promise.all(events.map((event, i) => claimAccount(accountId, event.id, "invest", owner(`run-${i}`), queuedWorkOf("invest", event))));
    expect(claims.filter((claim) => claim.acquired)).toHaveLength(1);
    expect(claims.filter((claim) => !claim.acquired && claim.queued)).toHaveLength(11);
    expect(await db.accountRunQueue.count({ where: { investmentAccountId: accountId } })).toBe(1);
  });

  it("a release and a claim at the same moment never leave queued work with nobody to start it", async () => {
    for (let round = 0; round < 10; round++) {
      const { accountId } = await createInvestor();
      const holder = deposit(accountId);
      const latecomer = deposit(accountId);
      await claimAccount(accountId, holder.id, "invest", owner("a"), queuedWorkOf("invest", holder));
      const [claim, release] = await Promise.all([
        claimAccount(accountId, latecomer.id, "invest", owner("b"), queuedWorkOf("invest", latecomer)),
        releaseAccount(accountId, holder.id),
      ]);
      // Either the latecomer took the free account, or it queued first and the release started its work.
      if (claim.acquired) expect(release.next).toBeNull();
      else expect(release.next).not.toBeNull();
      expect(await db.accountRunQueue.count({ where: { investmentAccountId: accountId } })).toBe(0);
    }
  });

  it("finds the work a cancelled run or a stuck lock stands for", async () => {
    const { accountId } = await createInvestor();
    await claimAccount(accountId, "rebalance:evt-9", "rebalance", { functionId: "autovest-rebalance-account", inngestRunId: "01RUN" });
    const work = { investmentAccountId: accountId, runKey: "rebalance:evt-9", kind: "rebalance" };
    expect(await heldWorkOfCancelledRun({ function_id: "autovest-rebalance-account", run_id: "01RUN" })).toEqual(work);
    expect(await heldWorkOfCancelledRun({ function_id: "autovest-rebalance-account", run_id: "01OTHER" })).toBeNull();
    expect(await heldWorkOfAccount(accountId, "rebalance:evt-9")).toEqual(work);
    expect(await heldWorkOfAccount(accountId, "rebalance:evt-8")).toBeNull();
  });
});
