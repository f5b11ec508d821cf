import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alpacaServer, type AlpacaServer } from "../../scripts/test/alpaca-server";
import { fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { BrokerMismatch } from "../brokerage/broker";
import { db } from "../db";
import { investorBalances, platformAccount } from "../ledger/accounts";
import { trialBalance } from "../ledger/trial-balance";
import { holdCash, placeOrders, planInvestment, refreshOrders, releaseUnspent, settleFills } from "./invest";
import { planSells, settleSells } from "./rebalance";

/**
 * The invest steps (and a rebalance's sell side) through the real Alpaca adapter, against the local server
 * that plays Alpaca, when orders fill only in part. $500 on the balanced model plans these buys (cents):
 * VTI 17,500 · BND 12,500 · VEA 7,500 · TIP, IEF, VWO, VNQ, GLD 2,500 each. At the prices below each fills in
 * exact shares (VTI 0.7, BND 2.5, VEA 3, TIP 0.25, IEF 0.2, VWO 0.625, VNQ 0.3125, GLD 0.125), so every
 * figure here is worked out by hand.
 */
const FILL_PRICES: Record<string, string> = { VTI: "250", BND: "50", VEA: "25", TIP: "100", IEF: "125", VWO: "40", VNQ: "80", GLD: "200" };
const PLANNED: Record<string, bigint> = { VTI: 17_500n, BND: 12_500n, VEA: 7_500n, TIP: 2_500n, IEF: 2_500n, VWO: 2_500n, VNQ: 2_500n, GLD: 2_500n };

let alpaca: AlpacaServer;

beforeAll(async () => {
  alpaca = await alpacaServer();
});
afterAll(() => alpaca.close());
beforeEach(async () => {
  await setPrices();
  alpaca.reset();
  for (const [symbol, price] of Object.entries(FILL_PRICES)) alpaca.scenario(symbol, { price });
});

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

/** Holds the cash, plans the buys and places them, as the run's first steps do. */
async function placeRun(accountId: string) {
  const runId = randomUUID();
  const held = await holdCash(accountId, runId);
  await planInvestment(accountId, runId, held);
  await placeOrders(runId, alpaca.broker());
  return { runId, held };
}

const orderOf = (runId: string, symbol: string) => db.order.findFirstOrThrow({ where: { runId, symbol } });

/** The journal entries an order caused, each as its memo and its postings by ledger account. */
async function entriesOf(orderId: string) {
  const entries = await db.journalEntry.findMany({ where: { causeType: "Order", causeId: orderId }, orderBy: { id: "asc" } });
  return Promise.all(
    entries.map(async (entry) => ({
      memo: entry.memo,
      postings: Object.fromEntries((await db.posting.findMany({ where: { entryId: entry.id } })).map((p) => [p.ledgerAccountId.toString(), p.amount])),
    })),
  );
}

async function releasedBy(runId: string) {
  const entry = await db.journalEntry.findUnique({ where: { idempotencyKey: `invest:${runId}:release` } });
  if (!entry) return null;
  return Object.fromEntries((await db.posting.findMany({ where: { entryId: entry.id } })).map((p) => [p.ledgerAccountId.toString(), p.amount]));
}

/** Our holdings of the account, in shares, as the broker's positions are reported (the server served only it). */
async function holdings(accountId: string) {
  const rows = await db.holding.findMany({ where: { investmentAccountId: accountId, quantity: { gt: 0 } }, orderBy: { symbol: "asc" } });
  return Object.fromEntries(rows.map((h) => [h.symbol, new Decimal(h.quantity.toString()).toString()]));
}

const FULL_SHARES = { VTI: "0.7", BND: "2.5", VEA: "3", TIP: "0.25", IEF: "0.2", VWO: "0.625", VNQ: "0.3125", GLD: "0.125" };

describe("an invest run whose order fills only in part", () => {
  it("partial fill, then the remainder cancelled at the deadline: the part is booked, only the rest released", async () => {
    const { accountId, ledger } = await fundedInvestor(50_000n);
    const clearing = (await platformAccount("BROKER_CLEARING", accountId)).toString();
    alpaca.scenario("VTI", { price: "290.12", fill: "0.241237" });
    const { runId, held } = await placeRun(accountId);
    expect(held).toBe(50_000n);
    const planned = await db.order.findMany({ where: { runId } });
    expect(Object.fromEntries(planned.map((order) => [order.symbol, order.notional]))).toEqual(PLANNED);
    const vti = await orderOf(runId, "VTI");
    expect(alpaca.order(vti.clientOrderId).status).toBe("partially_filled");
    expect(vti).toMatchObject({ status: "OPEN", settledAt: null });
    expect(vti.filledQuantity!.toString()).toBe("0.241237");

    // The seven other buys filled in full and settle; VTI's part waits, and no cash is released while it is open.
    expect(await settleFills(accountId, runId)).toBe(7);
    expect(await errorOf(releaseUnspent(accountId, runId, held))).toEqual(new Error(`run ${runId} still has orders in flight`));
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 0n, INVESTOR_CASH_HELD: 17_500n });
    expect(await refreshOrders(runId, alpaca.broker())).toBe(1);
    expect(alpaca.requests.filter((r) => r.method === "DELETE")).toHaveLength(0);

    // Past the deadline: the remainder is cancelled, the order ends canceled with its part filled.
    expect(await refreshOrders(runId, alpaca.broker(), { cancelRemainders: true })).toBe(0);
    expect(alpaca.order(vti.clientOrderId).status).toBe("canceled");
    expect(await settleFills(accountId, runId)).toBe(1);
    expect(await settleFills(accountId, runId)).toBe(0);
    // 0.241237 × $290.12 = $69.98767844 → 6,999 cents (a buy's cost rounds up); 17,500 − 6,999 = 10,501 back
    expect(await releaseUnspent(accountId, runId, held)).toBe(10_501n);
    expect(await releaseUnspent(accountId, runId, held)).toBe(10_501n);

    expect(await entriesOf(vti.id)).toEqual([
      { memo: "Bought 0.241237 VTI (the rest of the order canceled)", postings: { [ledger.INVESTOR_CASH_HELD.toString()]: -6_999n, [clearing]: 6_999n } },
    ]);
    expect(await releasedBy(runId)).toEqual({ [ledger.INVESTOR_CASH_HELD.toString()]: -10_501n, [ledger.INVESTOR_CASH.toString()]: 10_501n });
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 10_501n, INVESTOR_CASH_HELD: 0n });
    const holding = await db.holding.findUniqueOrThrow({ where: { investmentAccountId_symbol: { investmentAccountId: accountId, symbol: "VTI" } } });
    expect([holding.quantity.toString(), holding.costBasis]).toEqual(["0.241237", 6_999n]);
    const lot = await db.taxLot.findFirstOrThrow({ where: { orderId: vti.id } });
    expect([lot.quantity.toString(), lot.remainingQuantity.toString(), lot.costPerShare.toString()]).toEqual(["0.241237", "0.241237", "290.12"]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "ORDER_FILLED", targetId: vti.id } });
    expect(audit.details).toMatchObject({ status: "CANCELED", quantity: "0.241237", cost: "6999", ordered: "17500" });
    // Cost of all holdings + cash = the $500: 32,500 (seven full buys) + 6,999 + 10,501
    const costs = await db.holding.aggregate({ where: { investmentAccountId: accountId }, _sum: { costBasis: true } });
    expect(costs._sum.costBasis).toBe(39_499n);
    expect(await holdings(accountId)).toEqual({ ...FULL_SHARES, VTI: "0.241237" });
    expect(alpaca.positions()).toEqual(await holdings(accountId));
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("partial fill, then the order expires at the close: settled as expired, the rest released", async () => {
    const { accountId, ledger } = await fundedInvestor(50_000n);
    alpaca.scenario("BND", { price: "72.85", fill: "1.234567" });
    const { runId, held } = await placeRun(accountId);
    const bnd = await orderOf(runId, "BND");
    expect(await refreshOrders(runId, alpaca.broker())).toBe(1);
    alpaca.setStatus(bnd.clientOrderId, "expired");
    expect(await refreshOrders(runId, alpaca.broker())).toBe(0);
    expect(alpaca.requests.filter((r) => r.method === "DELETE")).toHaveLength(0);
    expect(await settleFills(accountId, runId)).toBe(8);
    // 1.234567 × $72.85 = $89.93820595 → 8,994 cents; 12,500 − 8,994 = 3,506 back
    expect(await releaseUnspent(accountId, runId, held)).toBe(3_506n);
    expect((await orderOf(runId, "BND")).status).toBe("EXPIRED");
    expect(await entriesOf(bnd.id)).toEqual([
      {
        memo: "Bought 1.234567 BND (the rest of the order expired)",
        postings: { [ledger.INVESTOR_CASH_HELD.toString()]: -8_994n, [(await platformAccount("BROKER_CLEARING", accountId)).toString()]: 8_994n },
      },
    ]);
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 3_506n, INVESTOR_CASH_HELD: 0n });
    const lot = await db.taxLot.findFirstOrThrow({ where: { orderId: bnd.id } });
    expect([lot.quantity.toString(), lot.costPerShare.toString()]).toEqual(["1.234567", "72.85"]);
    expect(await holdings(accountId)).toEqual({ ...FULL_SHARES, BND: "1.234567" });
    expect(alpaca.positions()).toEqual(await holdings(accountId));
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("done for the day: cancelled at once, awaited through pending_cancel (cash stays held), then settled", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    alpaca.scenario("VEA", { price: "51.48", fill: "0.5", then: "done_for_day", slowCancel: true });
    const { runId, held } = await placeRun(accountId);
    const vea = await orderOf(runId, "VEA");
    expect(alpaca.order(vea.clientOrderId).status).toBe("done_for_day");
    expect(await settleFills(accountId, runId)).toBe(7);

    // Seen done for the day: cancelled without waiting for the deadline; the cancel is still under way.
    expect(await refreshOrders(runId, alpaca.broker())).toBe(1);
    expect(alpaca.requests.filter((r) => r.method === "DELETE").map((r) => r.path)).toEqual([`/v2/orders/${alpaca.order(vea.clientOrderId).id}`]);
    expect(alpaca.order(vea.clientOrderId).status).toBe("pending_cancel");
    expect((await orderOf(runId, "VEA")).status).toBe("OPEN");
    expect(await errorOf(releaseUnspent(accountId, runId, held))).toEqual(new Error(`run ${runId} still has orders in flight`));
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 0n, INVESTOR_CASH_HELD: 7_500n });

    expect(await refreshOrders(runId, alpaca.broker())).toBe(0);
    expect(alpaca.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect(await settleFills(accountId, runId)).toBe(1);
    // 0.5 × $51.48 = $25.74 → 2,574 cents; 7,500 − 2,574 = 4,926 back
    expect(await releaseUnspent(accountId, runId, held)).toBe(4_926n);
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 4_926n, INVESTOR_CASH_HELD: 0n });
    expect((await orderOf(runId, "VEA")).status).toBe("CANCELED");
    expect(await holdings(accountId)).toEqual({ ...FULL_SHARES, VEA: "0.5" });
    expect(alpaca.positions()).toEqual(await holdings(accountId));
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("a fill that arrives in two parts: nothing booked after the first, one settlement of both at their average", async () => {
    const { accountId, ledger } = await fundedInvestor(50_000n);
    alpaca.scenario("VTI", { price: "249.90", fill: "0.35" });
    const { runId, held } = await placeRun(accountId);
    const vti = await orderOf(runId, "VTI");
    expect(await refreshOrders(runId, alpaca.broker())).toBe(1);
    expect(await settleFills(accountId, runId)).toBe(7);
    expect(await entriesOf(vti.id)).toEqual([]);
    expect(await db.holding.count({ where: { investmentAccountId: accountId, symbol: "VTI" } })).toBe(0);

    alpaca.fill(vti.clientOrderId, { qty: "0.35", price: "250.04", last: true });
    expect(await refreshOrders(runId, alpaca.broker())).toBe(0);
    expect(await settleFills(accountId, runId)).toBe(1);
    // 0.35 × $249.90 + 0.35 × $250.04 = $174.979 (average $249.97) → 17,498 cents; 2 cents back
    expect(await releaseUnspent(accountId, runId, held)).toBe(2n);
    expect(await entriesOf(vti.id)).toEqual([
      { memo: "Bought 0.7 VTI", postings: { [ledger.INVESTOR_CASH_HELD.toString()]: -17_498n, [(await platformAccount("BROKER_CLEARING", accountId)).toString()]: 17_498n } },
    ]);
    const lot = await db.taxLot.findFirstOrThrow({ where: { orderId: vti.id } });
    expect([lot.quantity.toString(), lot.costPerShare.toString()]).toEqual(["0.7", "249.97"]);
    expect((await orderOf(runId, "VTI")).status).toBe("FILLED");
    expect(await holdings(accountId)).toEqual(FULL_SHARES);
    expect(alpaca.positions()).toEqual(await holdings(accountId));
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("an order with nothing filled yet keeps its cash held: it fills later, in full, and nothing is released", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    alpaca.scenario("VTI", { price: "250", fill: "0" });
    const { runId, held } = await placeRun(accountId);
    const vti = await orderOf(runId, "VTI");
    expect(alpaca.order(vti.clientOrderId).status).toBe("new");
    expect(await settleFills(accountId, runId)).toBe(7);
    expect(await errorOf(releaseUnspent(accountId, runId, held))).toEqual(new Error(`run ${runId} still has orders in flight`));
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 0n, INVESTOR_CASH_HELD: 17_500n });

    alpaca.fill(vti.clientOrderId, { qty: "0.7", last: true });
    expect(await refreshOrders(runId, alpaca.broker())).toBe(0);
    expect(await settleFills(accountId, runId)).toBe(1);
    // 0.7 × $250 = $175.00: all 17,500 spent
    expect(await releaseUnspent(accountId, runId, held)).toBe(0n);
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 0n, INVESTOR_CASH_HELD: 0n });
    expect(alpaca.positions()).toEqual(await holdings(accountId));
  });

  it("a part that cost more than the order allowed: refused, nothing settled, the money held", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    // 0.8 shares at $250 = $200.00, more than the $175.00 ordered, reported as a partial fill
    alpaca.scenario("VTI", { price: "250", fill: "0.8" });
    const runId = randomUUID();
    const held = await holdCash(accountId, runId);
    await planInvestment(accountId, runId, held);
    const refused = await errorOf(placeOrders(runId, alpaca.broker()));
    expect(refused).toBeInstanceOf(BrokerMismatch);
    expect((refused as Error).message).toBe(`the fill for ${runId}:VTI:BUY cost 20000 cents, more than the 17500 ordered`);
    const vti = await orderOf(runId, "VTI");
    expect([vti.status, vti.filledQuantity, vti.settledAt]).toEqual(["PLANNED", null, null]);
    // Placed in client order id order, the six before VTI filled and settle (30,000 cents); VTI's 17,500 and
    // VWO's 2,500 (never placed) stay held.
    expect(await settleFills(accountId, runId)).toBe(6);
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 0n, INVESTOR_CASH_HELD: 20_000n });
    expect(await errorOf(releaseUnspent(accountId, runId, held))).toEqual(new Error(`run ${runId} still has orders in flight`));
  });
});

describe("a rebalance's sale that fills only in part", () => {
  it("sells part, the remainder is cancelled: the part's proceeds, lots and holding, nothing more", async () => {
    const { accountId, ledger } = await fundedInvestor(50_000n);
    expect(await investAll(accountId, alpaca.broker())).toEqual({ held: 50_000n, unspent: 0n });
    expect(await holdings(accountId)).toEqual(FULL_SHARES);
    // VTI doubles: 0.7 × $500 = $350 of $675 in all. Its target is 35% = $236.25; the others need $113.75,
    // so the plan sells $113.75 / $500 = 0.2275 VTI.
    await setPrices({ ...FILL_PRICES, VTI: "500" });
    const runId = `rebalance:${randomUUID()}`;
    expect(await planSells(accountId, runId)).toBe(1);
    const sell = await orderOf(runId, "VTI");
    expect([sell.side, sell.quantity!.toString()]).toEqual(["SELL", "0.2275"]);

    alpaca.scenario("VTI", { price: "499.99", fill: "0.123457" });
    await placeOrders(runId, alpaca.broker());
    expect(await settleSells(accountId, runId)).toBe(0);
    expect(await refreshOrders(runId, alpaca.broker(), { cancelRemainders: true })).toBe(0);
    expect(await settleSells(accountId, runId)).toBe(1);
    expect(await settleSells(accountId, runId)).toBe(0);

    // 0.123457 × $499.99 = $61.72726543 → 6,172 cents (proceeds round down)
    expect(await entriesOf(sell.id)).toEqual([
      {
        memo: "Sold 0.123457 VTI (the rest of the order canceled)",
        postings: { [(await platformAccount("BROKER_CLEARING", accountId)).toString()]: -6_172n, [ledger.INVESTOR_CASH.toString()]: 6_172n },
      },
    ]);
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 6_172n, INVESTOR_CASH_HELD: 0n });
    // The one VTI lot (0.7 at $250) gives 0.123457: 0.576543 left; basis sold 0.123457 × $250 = $30.86425 → 3,086 cents
    const lot = await db.taxLot.findFirstOrThrow({ where: { investmentAccountId: accountId, symbol: "VTI" } });
    expect(lot.remainingQuantity.toString()).toBe("0.576543");
    const holding = await db.holding.findUniqueOrThrow({ where: { investmentAccountId_symbol: { investmentAccountId: accountId, symbol: "VTI" } } });
    expect([holding.quantity.toString(), holding.costBasis]).toEqual(["0.576543", 14_414n]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "ORDER_FILLED", targetId: sell.id } });
    // 0.123457 × ($499.99 − $250) = $30.86301543
    expect(audit.details).toMatchObject({ status: "CANCELED", quantity: "0.123457", proceeds: "6172", ordered: "0.2275", realisedGain: "30.86" });
    expect(await holdings(accountId)).toEqual({ ...FULL_SHARES, VTI: "0.576543" });
    expect(alpaca.positions()).toEqual(await holdings(accountId));
    expect((await trialBalance()).balanced).toBe(true);
  });
});
