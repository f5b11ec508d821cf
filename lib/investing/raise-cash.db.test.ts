import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import { BALANCED_1000, fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { SimulatedBroker } from "../brokerage/simulated";
import { db } from "../db";
import { investorBalances } from "../ledger/accounts";
import { trialBalance } from "../ledger/trial-balance";
import { placeOrders } from "./invest";
import { InsufficientToRaise, previewCashRaise, recordCashRaiseOrders } from "./raise-cash";
import { positionsOf, settleSells } from "./rebalance";

beforeAll(async () => {
  await setPrices();
});

/** $1,000 invested on the balanced model at the demo prices (BALANCED_1000: $999.92 of holdings, no cash). */
async function investedAccount() {
  const investor = await fundedInvestor(100_000n);
  await investAll(investor.accountId);
  return investor;
}

describe("selling to raise cash, on the database", () => {
  it("previews the sales from the account's holdings, lots and model, and refuses more than is there", async () => {
    const { accountId } = await investedAccount();
    const plan = await previewCashRaise(accountId, 20_000n);
    expect(plan.available).toBe(BALANCED_1000.value);
    // On target: every fund gives up its share; $200 + $1 buffer raised, each sale rounded down to the cent.
    expect(plan.sales.map((s) => s.symbol).sort()).toEqual(Object.keys(BALANCED_1000.holdings).sort());
    expect(plan.estimatedProceeds).toBeGreaterThanOrEqual(20_090n);
    expect(plan.estimatedProceeds).toBeLessThanOrEqual(20_100n);
    // Bought at these prices today: no gain, short-term.
    expect(plan.gain.total.abs().lessThan(new Decimal("0.01"))).toBe(true);
    await expect(previewCashRaise(accountId, BALANCED_1000.value + 1n)).rejects.toThrow(InsufficientToRaise);
  });

  it("records the run's sell orders once, and the sales leave the cash and the account on its model", async () => {
    const { accountId } = await investedAccount();
    const run = `raise:${randomUUID()}`;
    const count = await recordCashRaiseOrders(accountId, run, 20_000n);
    expect(count).toBe(8);
    expect(await recordCashRaiseOrders(accountId, run, 20_000n)).toBe(8);
    expect(await db.order.count({ where: { runId: run } })).toBe(8);

    await placeOrders(run, new SimulatedBroker({ spreadBps: 0 }));
    await settleSells(accountId, run);
    const cash = (await investorBalances(accountId)).INVESTOR_CASH;
    expect(cash).toBeGreaterThanOrEqual(20_000n);
    expect(cash).toBeLessThanOrEqual(20_100n);
    // Once the cash has left, what stays invested is still on the model: each fund within 0.1 % of its weight.
    const positions = await positionsOf(accountId);
    const invested = positions.reduce((sum, p) => sum.plus(p.quantity.times(p.price)), new Decimal(0));
    const weights = { VTI: "0.35", BND: "0.25", VEA: "0.15", GLD: "0.05", IEF: "0.05", TIP: "0.05", VNQ: "0.05", VWO: "0.05" } as Record<string, string>;
    for (const p of positions) expect(p.quantity.times(p.price).dividedBy(invested).minus(weights[p.symbol]!).abs().toNumber()).toBeLessThan(0.001);
    expect((await trialBalance()).totals.every((t) => t.total === 0n)).toBe(true);
  });

  it("sells everything for 'everything'", async () => {
    const { accountId } = await investedAccount();
    const run = `raise:${randomUUID()}`;
    await recordCashRaiseOrders(accountId, run, "everything");
    await placeOrders(run, new SimulatedBroker({ spreadBps: 0 }));
    await settleSells(accountId, run);
    const holdings = await db.holding.findMany({ where: { investmentAccountId: accountId } });
    expect(holdings.every((h) => new Decimal(h.quantity.toString()).isZero())).toBe(true);
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(BALANCED_1000.value);
  });
});
