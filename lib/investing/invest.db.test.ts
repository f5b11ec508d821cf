import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { beforeEach, describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { BrokerMismatch, BrokerUnavailable, MarketClosed, type Broker } from "../brokerage/broker";
import { SimulatedBroker } from "../brokerage/simulated";
import { db } from "../db";
import { investorBalances, platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { trialBalance } from "../ledger/trial-balance";
import { accountsWithIdleCash } from "./drift-sweep";
import { claimAccount } from "./account-run-lock";
import { CannotInvest, holdCash, placeOrders, planInvestment, releaseUnspent, settleFills } from "./invest";
import { setTradingHalt, TradingHalted } from "./trading-halt";

beforeEach(async () => {
  await setPrices();
  await db.platformSetting.deleteMany();
});

async function holdingsValue(accountId: string) {
  const holdings = await db.holding.findMany({ where: { investmentAccountId: accountId } });
  return Object.fromEntries(holdings.map((h) => [h.symbol, h.costBasis]));
}

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe("an invest run", () => {
  it("turns a $500 deposit into holdings that match the model within a cent each", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const { held, unspent } = await investAll(accountId, new SimulatedBroker());
    expect(held).toBe(50_000n);
    // Balanced: VTI 35%, BND 25%, VEA 15%, TIP/IEF/VWO/VNQ/GLD 5% each
    const expected = { VTI: 17_500n, BND: 12_500n, VEA: 7_500n, TIP: 2_500n, IEF: 2_500n, VWO: 2_500n, VNQ: 2_500n, GLD: 2_500n };
    const actual = await holdingsValue(accountId);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [symbol, cents] of Object.entries(expected)) {
      expect(Number(actual[symbol]! - cents), symbol).toBeLessThanOrEqual(0);
      expect(Number(cents - actual[symbol]!), symbol).toBeLessThanOrEqual(1);
    }
    const balances = await investorBalances(accountId);
    expect(balances.INVESTOR_CASH_HELD).toBe(0n);
    expect(balances.INVESTOR_CASH).toBe(unspent);
    expect(unspent).toBeLessThanOrEqual(100n);
    const lots = await db.taxLot.findMany({ where: { investmentAccountId: accountId } });
    expect(lots).toHaveLength(8);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("holds nothing of an investor whose identity is not verified, and the idle-cash sweep passes them by", async () => {
    const { accountId, user } = await fundedInvestor(50_000n);
    // As if the approval had never happened: cash that reached the account by any route waits.
    await db.$executeRaw`DELETE FROM "KycProfile" WHERE "userId" = ${user.id}::uuid`;
    expect(await holdCash(accountId, randomUUID())).toBe(0n);
    expect((await accountsWithIdleCash(1_000n)).found).not.toContain(accountId);
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(50_000n);
  });

  it("places one set of orders when the broker fails twice and then succeeds", async () => {
    const { accountId } = await fundedInvestor(100_000n);
    const runId = randomUUID();
    const broker = new SimulatedBroker({ failNextCalls: 2 });
    await claimAccount(accountId, runId, "invest", null);
    const held = await holdCash(accountId, runId);
    await planInvestment(accountId, runId, held);
    expect(await errorOf(placeOrders(runId, broker))).toBeInstanceOf(BrokerUnavailable);
    expect(await errorOf(placeOrders(runId, broker))).toBeInstanceOf(BrokerUnavailable);
    await placeOrders(runId, broker);
    await settleFills(accountId, runId);
    await releaseUnspent(accountId, runId, held);
    const atBroker = await db.simulatedBrokerOrder.count({ where: { clientOrderId: { startsWith: runId } } });
    expect(atBroker).toBe(await db.order.count({ where: { runId } }));
    expect(Object.values(await holdingsValue(accountId)).reduce((a, b) => a + b, 0n)).toBeGreaterThan(99_900n);
  });

  it("does not order twice or settle twice when the run restarts after placing its orders", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const runId = randomUUID();
    const broker = new SimulatedBroker();
    await claimAccount(accountId, runId, "invest", null);
    const held = await holdCash(accountId, runId);
    await planInvestment(accountId, runId, held);
    await placeOrders(runId, broker);
    // "Crash" here, then every step runs again from the top.
    expect(await holdCash(accountId, runId)).toBe(held);
    await planInvestment(accountId, runId, held);
    await placeOrders(runId, broker);
    await settleFills(accountId, runId);
    expect(await settleFills(accountId, runId)).toBe(0);
    await releaseUnspent(accountId, runId, held);
    await releaseUnspent(accountId, runId, held);
    const orders = await db.order.count({ where: { runId } });
    expect(await db.simulatedBrokerOrder.count({ where: { clientOrderId: { startsWith: runId } } })).toBe(orders);
    expect(await db.taxLot.count({ where: { investmentAccountId: accountId } })).toBe(orders);
    expect((await investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(0n);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("places nothing while the market is closed, and says when it opens", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const runId = randomUUID();
    const saturday = new SimulatedBroker({ market: "nyse", now: () => new Date("2026-11-21T15:00:00Z") });
    await claimAccount(accountId, runId, "invest", null);
    const held = await holdCash(accountId, runId);
    await planInvestment(accountId, runId, held);
    const closed = await errorOf(placeOrders(runId, saturday));
    expect(closed).toBeInstanceOf(MarketClosed);
    expect((closed as MarketClosed).nextOpen).toEqual(new Date("2026-11-23T14:30:00Z"));
    expect(await db.simulatedBrokerOrder.count({ where: { clientOrderId: { startsWith: runId } } })).toBe(0);
    // Monday morning: the same run completes.
    await placeOrders(runId, new SimulatedBroker({ market: "nyse", now: () => new Date("2026-11-23T15:00:00Z") }));
    expect(await settleFills(accountId, runId)).toBe(8);
  });

  it("places no order while trading is halted, and the money stays held", async () => {
    const admin = await createUser("ADMIN");
    const { accountId } = await fundedInvestor(50_000n);
    const runId = randomUUID();
    await setTradingHalt(admin, true, "market data looks wrong", browser());
    await claimAccount(accountId, runId, "invest", null);
    const held = await holdCash(accountId, runId);
    await planInvestment(accountId, runId, held);
    const halted = await errorOf(placeOrders(runId, new SimulatedBroker()));
    expect(halted).toBeInstanceOf(TradingHalted);
    expect((halted as Error).message).toBe("Trading is halted: market data looks wrong.");
    expect(await db.simulatedBrokerOrder.count({ where: { clientOrderId: { startsWith: runId } } })).toBe(0);
    expect((await investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(50_000n);
    await setTradingHalt(admin, false, "", browser());
    await placeOrders(runId, new SimulatedBroker());
    expect(await settleFills(accountId, runId)).toBe(8);
  });

  it("invests two deposits in a row, never taking cash below zero", async () => {
    const { accountId, ledger } = await fundedInvestor(30_000n);
    await investAll(accountId, new SimulatedBroker());
    await postJournalEntry(db, {
      idempotencyKey: `second:${accountId}`,
      kind: "DEPOSIT",
      postings: [{ account: await platformAccount("STRIPE_CLEARING", accountId), amount: -20_000n }, { account: ledger.INVESTOR_CASH, amount: 20_000n }],
    });
    await investAll(accountId, new SimulatedBroker());
    const total = Object.values(await holdingsValue(accountId)).reduce((a, b) => a + b, 0n);
    expect(total + (await investorBalances(accountId)).INVESTOR_CASH).toBe(50_000n);
    expect(await db.posting.count({ where: { ledgerAccountId: ledger.INVESTOR_CASH, balanceAfter: { lt: 0 } } })).toBe(0);
  });
});

describe("what an invest run refuses", () => {
  it("a restricted account, or one without a model: nothing is held, the cash stays available", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    await db.investmentAccount.update({ where: { id: accountId }, data: { status: "RESTRICTED" } });
    expect(await holdCash(accountId, randomUUID())).toBe(0n);
    await db.investmentAccount.update({ where: { id: accountId }, data: { status: "ACTIVE", modelVersionId: null } });
    expect(await holdCash(accountId, randomUUID())).toBe(0n);
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(50_000n);
  });

  it("a missing or zero price: no orders, the money stays held for an operator", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const runId = randomUUID();
    const vti = await db.asset.findUniqueOrThrow({ where: { symbol: "VTI" } });
    await db.assetPrice.delete({ where: { assetId: vti.id } });
    const held = await holdCash(accountId, runId);
    const error = await errorOf(planInvestment(accountId, runId, held));
    expect(error).toBeInstanceOf(CannotInvest);
    expect((error as Error).message).toBe("No valid price for VTI: nothing is bought until there is one.");
    expect(await db.order.count({ where: { runId } })).toBe(0);
    expect((await investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(50_000n);
  });

  it("a broker answer that does not match the order: nothing is settled", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const runId = randomUUID();
    const simulated = new SimulatedBroker();
    const lying: Broker = {
      ...simulated,
      name: "lying",
      clock: () => simulated.clock(),
      getOrder: (id) => simulated.getOrder(id),
      cancelOrder: (id) => simulated.cancelOrder(id),
      listPositions: () => simulated.listPositions(),
      placeOrder: async (request) => ({ ...(await simulated.placeOrder(request)), filledNotional: (request.notional ?? 0n) + 500n }),
    };
    const held = await holdCash(accountId, runId);
    await planInvestment(accountId, runId, held);
    expect(await errorOf(placeOrders(runId, lying))).toBeInstanceOf(BrokerMismatch);
    expect(await settleFills(accountId, runId)).toBe(0);
    expect((await investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(50_000n);
  });

  it("a fill of zero shares: refused as a mismatch", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const runId = randomUUID();
    const simulated = new SimulatedBroker();
    const empty: Broker = Object.assign(Object.create(simulated) as Broker, {
      placeOrder: async (request: Parameters<Broker["placeOrder"]>[0]) => ({ ...(await simulated.placeOrder(request)), filledQuantity: new Decimal(0) }),
    });
    const held = await holdCash(accountId, runId);
    await planInvestment(accountId, runId, held);
    expect(await errorOf(placeOrders(runId, empty))).toBeInstanceOf(BrokerMismatch);
    expect(await settleFills(accountId, runId)).toBe(0);
  });

  it("rejected orders leave their cash to be released, not lost", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const runId = randomUUID();
    const held = await holdCash(accountId, runId);
    await planInvestment(accountId, runId, held);
    await placeOrders(runId, new SimulatedBroker({ rejectSymbols: ["VTI"] }));
    await settleFills(accountId, runId);
    const unspent = await releaseUnspent(accountId, runId, held);
    expect(unspent).toBeGreaterThanOrEqual(17_500n);
    expect((await db.order.findFirstOrThrow({ where: { runId, symbol: "VTI" } })).status).toBe("REJECTED");
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(unspent);
  });
});
