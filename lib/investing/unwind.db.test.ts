import { beforeEach, describe, expect, it } from "vitest";
import { fundedInvestor, setPrices } from "../../scripts/test/investing";
import { SimulatedBroker } from "../brokerage/simulated";
import { db } from "../db";
import { investorBalances } from "../ledger/accounts";
import { trialBalance } from "../ledger/trial-balance";
import { assertHolds, claimAccount, releaseAccount } from "./account-run-lock";
import { holdCash, placeOrders, planInvestment } from "./invest";
import { settleAndRelease, stopOrders } from "./unwind";

beforeEach(() => setPrices());

/** An invest run stopped after it held the cash and planned its buys (a Saturday deposit, say). */
async function heldAndPlanned(cash: bigint, runKey: string) {
  const investor = await fundedInvestor(cash);
  await claimAccount(investor.accountId, runKey, "invest", { functionId: "autovest-invest-account", inngestRunId: `inngest-${runKey}` });
  const held = await holdCash(investor.accountId, runKey);
  const orders = await planInvestment(investor.accountId, runKey, held);
  return { ...investor, held, orders, work: { investmentAccountId: investor.accountId, kind: "invest" as const, runKey } };
}

describe("unwinding a stopped run", () => {
  it("withdraws orders never placed and gives every held cent back, once", async () => {
    const { accountId, work, orders } = await heldAndPlanned(50_000n, "evt-stopped");
    expect((await investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(50_000n);
    expect(orders).toHaveLength(8);

    const broker = new SimulatedBroker();
    expect(await stopOrders(work, broker)).toBe(0);
    expect(await settleAndRelease(work)).toEqual({ released: 50_000n });
    // The clean-up, run again, changes nothing.
    expect(await stopOrders(work, broker)).toBe(0);
    expect(await settleAndRelease(work)).toEqual({ released: 50_000n });

    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 50_000n, INVESTOR_CASH_HELD: 0n });
    expect((await db.order.findMany({ where: { runId: "evt-stopped" } })).map((o) => o.status)).toEqual(Array(8).fill("CANCELED"));
    expect(await db.simulatedBrokerOrder.count({ where: { clientOrderId: { startsWith: "evt-stopped" } } })).toBe(0);
    expect(await db.holding.count({ where: { investmentAccountId: accountId } })).toBe(0);
    expect(await releaseAccount(accountId, "evt-stopped")).toEqual({ released: true, next: null });
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("cancels what is open at the broker, settles what filled of it, and gives back only what was not spent", async () => {
    const { accountId, work } = await heldAndPlanned(50_000n, "evt-partial");
    // VTI (35% of $500 = $175.00) fills half and stays open; the rest fill whole.
    const broker = new SimulatedBroker({ spreadBps: 0, partialFills: { VTI: { fraction: "0.5" } } });
    await placeOrders("evt-partial", broker);
    const vti = await db.order.findFirstOrThrow({ where: { runId: "evt-partial", symbol: "VTI" } });
    expect(vti.status).toBe("OPEN");

    expect(await stopOrders(work, broker)).toBe(0);
    const { released } = await settleAndRelease(work);

    const orders = await db.order.findMany({ where: { runId: "evt-partial" } });
    const spent = orders.reduce((sum, order) => sum + (order.filledNotional ?? 0n), 0n);
    const cancelled = await db.order.findFirstOrThrow({ where: { runId: "evt-partial", symbol: "VTI" } });
    expect(cancelled.status).toBe("CANCELED");
    // Half of VTI's $175.00 was bought: the shares are booked, the other half comes back.
    expect(cancelled.filledNotional).toBe(8_750n);
    expect(released).toBe(50_000n - spent);
    const balances = await investorBalances(accountId);
    expect(balances).toMatchObject({ INVESTOR_CASH: 50_000n - spent, INVESTOR_CASH_HELD: 0n });
    const holdings = await db.holding.findMany({ where: { investmentAccountId: accountId } });
    expect(holdings.reduce((sum, h) => sum + h.costBasis, 0n)).toBe(spent);
    // Our books and the broker's agree on the shares.
    const positions = await broker.listPositions();
    for (const holding of holdings) {
      expect(positions.find((p) => p.symbol === holding.symbol)?.quantity.toFixed(6), holding.symbol).toBe(holding.quantity.toFixed(6));
    }
  });

  it("an order being placed when the clean-up starts is either never placed or placed and then cancelled, never lost", async () => {
    for (let round = 0; round < 5; round++) {
      const { accountId, work } = await heldAndPlanned(20_000n, `evt-race-${round}`);
      const broker = new SimulatedBroker({ spreadBps: 0, latencyMs: 20, partialFills: { VTI: { fraction: "0.5" }, BND: { fraction: "0.5" } } });
      await Promise.allSettled([placeOrders(work.runKey, broker), stopOrders(work, broker)]);
      while ((await stopOrders(work, broker)) > 0);
      await settleAndRelease(work);

      const orders = await db.order.findMany({ where: { runId: work.runKey } });
      const atBroker = await db.simulatedBrokerOrder.findMany({ where: { clientOrderId: { startsWith: work.runKey } } });
      // Every order the broker has is final here, with the same fill.
      for (const placed of atBroker) {
        const ours = orders.find((order) => order.clientOrderId === placed.clientOrderId)!;
        expect(["FILLED", "CANCELED", "EXPIRED"], placed.clientOrderId).toContain(ours.status);
        expect(ours.filledQuantity?.toFixed(6) ?? "0.000000", placed.clientOrderId).toBe(placed.filledQuantity?.toFixed(6) ?? "0.000000");
      }
      const spent = orders.reduce((sum, order) => sum + (order.settledAt ? (order.filledNotional ?? 0n) : 0n), 0n);
      expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 20_000n - spent, INVESTOR_CASH_HELD: 0n });
    }
  });

  it("a run whose account an operator released may not hold money or trade any more", async () => {
    const { accountId } = await fundedInvestor(10_000n);
    await claimAccount(accountId, "evt-old", "invest", null);
    await assertHolds(accountId, "evt-old");
    await releaseAccount(accountId, "evt-old");
    await expect(assertHolds(accountId, "evt-old")).rejects.toThrow("no longer held by run evt-old");
  });
});
