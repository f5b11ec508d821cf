import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browser, createUser } from "../test/factories";
import { fundedInvestor, setPrices } from "../test/investing";
import { ManualClock } from "./clock";
import { LocalExecutor } from "./local-executor";
import type { Broker } from "../../lib/brokerage/broker";

/**
 * The app's real serve() handler over HTTP, the local stand-in for Inngest driving it under Inngest's rules
 * (its state in this file's PostgreSQL, on a clock the tests move), and the simulated broker: deposits go in
 * as events and come out as holdings.
 */
const clock = new ManualClock("2026-11-23T15:00:00Z");
let executor: LocalExecutor;
let synced: string[];
let app: Server;
let lib: {
  db: typeof import("../../lib/db").db;
  useBroker: typeof import("../../lib/brokerage").useBroker;
  SimulatedBroker: typeof import("../../lib/brokerage/simulated").SimulatedBroker;
  investorBalances: typeof import("../../lib/ledger/accounts").investorBalances;
  submitRiskQuestionnaire: typeof import("../../lib/investing/risk-profile").submitRiskQuestionnaire;
  confirmMyModelChange: typeof import("../../lib/investing/risk-profile").confirmMyModelChange;
  accountsOutsideBand: typeof import("../../lib/investing/drift-sweep").accountsOutsideBand;
  setTradingHalt: typeof import("../../lib/investing/trading-halt").setTradingHalt;
  inngest: typeof import("../../inngest/client").inngest;
};

beforeAll(async () => {
  // Inngest's retry backoff (15 s, 30 s, 1 min …) at a thousandth.
  executor = new LocalExecutor({ databaseUrl: process.env.DATABASE_URL!, clock, retryDelayScale: 0.001 });
  await executor.start();
  // The Inngest client reads its configuration when created: point it at the executor first.
  Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: executor.url });
  const [{ serve }, { functions }, client, db, brokerage, simulated, accounts, halt, risk, sweep] = await Promise.all([
    import("inngest/node"),
    import("../../inngest"),
    import("../../inngest/client"),
    import("../../lib/db"),
    import("../../lib/brokerage"),
    import("../../lib/brokerage/simulated"),
    import("../../lib/ledger/accounts"),
    import("../../lib/investing/trading-halt"),
    import("../../lib/investing/risk-profile"),
    import("../../lib/investing/drift-sweep"),
  ]);
  lib = { db: db.db, useBroker: brokerage.useBroker, SimulatedBroker: simulated.SimulatedBroker, investorBalances: accounts.investorBalances, setTradingHalt: halt.setTradingHalt, inngest: client.inngest, submitRiskQuestionnaire: risk.submitRiskQuestionnaire, confirmMyModelChange: risk.confirmMyModelChange, accountsOutsideBand: sweep.accountsOutsideBand };
  // Two test-only functions exercise what the app's own functions do not use yet: waits for events,
  // invocations and long sleeps.
  const child = client.inngest.createFunction({ id: "test-child", triggers: [{ event: "test/never" }] }, async ({ event }) => ({
    doubled: Number(event.data.n) * 2,
  }));
  const parent = client.inngest.createFunction({ id: "test-parent", triggers: [{ event: "test/start" }] }, async ({ step }) => {
    const approval = await step.waitForEvent("wait for approval", { event: "test/approved", timeout: "1h" });
    const result = await step.invoke("invoke the child", { function: child, data: { n: 21 } });
    await step.sleep("sleep two hours", "2h");
    return { approvedBy: approval?.data.by ?? null, result };
  });
  app = createServer(serve({ client: client.inngest, functions: [...functions, child, parent] }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  synced = (await executor.sync(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`)).map((fn) => fn.id);
});

afterAll(async () => {
  await executor.stop();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

beforeEach(async () => {
  await setPrices();
  await lib.db.platformSetting.deleteMany();
  lib.useBroker(new lib.SimulatedBroker());
});

async function depositSettled(accountId: string, amount: bigint) {
  const id = randomUUID();
  await lib.inngest.send({ id, name: "deposit/settled", data: { depositId: id, investmentAccountId: accountId, amount: amount.toString(), currency: "USD" } });
  return executor.waitForRun("autovest-invest-account", (run) => run.event.id === id);
}

const holdingsCost = async (accountId: string) =>
  (await lib.db.holding.findMany({ where: { investmentAccountId: accountId } })).reduce((sum, h) => sum + h.costBasis, 0n);

describe("workflows through the local executor", () => {
  it("syncs the app's functions, failure handlers included", () => {
    expect(synced.sort()).toEqual([
      "autovest-accrue-fees",
      "autovest-audit-seal",
      "autovest-bill-fees",
      "autovest-collect-fee",
      "autovest-collect-fee-failure",
      "autovest-generate-document",
      "autovest-idle-cash-sweep",
      "autovest-invest-account",
      "autovest-invest-account-failure",
      "autovest-model-migration",
      "autovest-monthly-statements",
      "autovest-outbox-sweeper",
      "autovest-pay-dividends",
      "autovest-price-sync",
      "autovest-prune-workflow-runs",
      "autovest-rebalance-account",
      "autovest-rebalance-account-failure",
      "autovest-rebalance-sweep",
      "autovest-recurring-deposit-period",
      "autovest-recurring-deposits-due",
      "autovest-release-account-run",
      "autovest-reseal-identity-data",
      "autovest-send-notification-email",
      "autovest-test-child",
      "autovest-test-parent",
      "autovest-trade-confirmations",
      "autovest-withdraw-account",
      "autovest-withdraw-account-failure",
    ]);
  });

  it("invests a settled deposit into holdings that match the model", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const run = await depositSettled(accountId, 50_000n);
    expect(run.status).toBe("completed");
    expect(run.steps).toEqual(
      expect.arrayContaining(["buy: hold cash", "buy: plan orders", "buy: place orders", "buy: settle fills", "buy: release unspent cash"]),
    );
    // Balanced model, $500: each fund's cost is its target to within one cent.
    const expected: Record<string, bigint> = { VTI: 17_500n, BND: 12_500n, VEA: 7_500n, TIP: 2_500n, IEF: 2_500n, VWO: 2_500n, VNQ: 2_500n, GLD: 2_500n };
    const holdings = await lib.db.holding.findMany({ where: { investmentAccountId: accountId } });
    expect(Object.fromEntries(holdings.map((h) => [h.symbol, expected[h.symbol]! - h.costBasis <= 1n && h.costBasis <= expected[h.symbol]!]))).toEqual(
      Object.fromEntries(Object.keys(expected).map((symbol) => [symbol, true])),
    );
    expect((await lib.investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(0n);
    // The investor is told, and the email goes out at once (not with the next outbox sweep, a minute later).
    const notice = await lib.db.notification.findFirstOrThrow({ where: { dedupeKey: `investment-completed:${run.event.id}` } });
    expect(notice.title).toBe("Your $500.00 is invested");
    const email = await executor.waitForRun("autovest-send-notification-email", (r) => r.event.data.notificationId === notice.id);
    expect(email.status).toBe("completed");
  });

  it("retries through a broker that fails twice, placing one set of orders", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    lib.useBroker(new lib.SimulatedBroker({ failNextCalls: 2 }));
    const run = await depositSettled(accountId, 50_000n);
    expect(run.status).toBe("completed");
    const orders = await lib.db.order.findMany({ where: { investmentAccountId: accountId } });
    expect(await lib.db.simulatedBrokerOrder.count({ where: { clientOrderId: { in: orders.map((o) => o.clientOrderId) } } })).toBe(orders.length);
    expect(await lib.db.taxLot.count({ where: { investmentAccountId: accountId } })).toBe(orders.length);
  });

  it("does not order twice when settling crashes after the orders were placed", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    // A sequence is not rolled back with the failing transaction, so only the first settlement dies.
    await lib.db.$executeRawUnsafe(`CREATE SEQUENCE crash_counter`);
    await lib.db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION crash_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('crash_counter') = 1 THEN RAISE EXCEPTION 'the process died'; END IF; RETURN NEW; END $$`);
    await lib.db.$executeRawUnsafe(`CREATE TRIGGER crash_once BEFORE INSERT ON "TaxLot" FOR EACH ROW EXECUTE FUNCTION crash_once()`);
    const run = await depositSettled(accountId, 50_000n);
    expect(run.status).toBe("completed");
    const orders = await lib.db.order.findMany({ where: { investmentAccountId: accountId } });
    expect(orders.length).toBe(8);
    expect(await lib.db.simulatedBrokerOrder.count({ where: { clientOrderId: { in: orders.map((o) => o.clientOrderId) } } })).toBe(8);
    expect(await lib.db.taxLot.count({ where: { investmentAccountId: accountId } })).toBe(8);
  });

  it("waits for the market to open, then completes", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    // A deposit on Saturday sleeps until Monday's open; the broker and the stand-in share the clock.
    clock.set("2026-11-21T15:00:00Z");
    lib.useBroker(new lib.SimulatedBroker({ market: "nyse", now: () => clock.now() }));
    const id = randomUUID();
    await lib.inngest.send({ id, name: "deposit/settled", data: { depositId: id, investmentAccountId: accountId, amount: "50000", currency: "USD" } });
    const sleeping = await executor.waitFor((runs) => runs.find((r) => r.event.id === id && r.state === "sleeping"));
    expect(sleeping.wakeAt).toEqual(new Date("2026-11-23T14:30:00Z"));
    clock.set("2026-11-23T15:00:00Z");
    const run = await executor.waitForRun("autovest-invest-account", (r) => r.event.id === id);
    expect(run.steps).toContain("buy: wait for the market to open (0)");
    expect(run.status).toBe("completed");
    const filledAt = await lib.db.simulatedBrokerOrder.findFirstOrThrow({ where: { clientOrderId: { startsWith: run.event.id } } });
    expect(filledAt.filledAt!.getTime()).toBeGreaterThanOrEqual(new Date("2026-11-23T14:30:00Z").getTime());
  });

  it("places no orders while trading is halted, and goes on once it is lifted", async () => {
    const admin = await createUser("ADMIN");
    const { accountId } = await fundedInvestor(50_000n);
    await lib.setTradingHalt(admin, true, "suspicious prices", browser());
    const id = randomUUID();
    await lib.inngest.send({ id, name: "deposit/settled", data: { depositId: id, investmentAccountId: accountId, amount: "50000", currency: "USD" } });
    await executor.waitFor((runs) => runs.find((r) => r.event.id === id && r.state === "waiting"));
    expect(await lib.db.order.count({ where: { investmentAccountId: accountId, status: { not: "PLANNED" } } })).toBe(0);
    expect((await lib.investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(50_000n);
    // Lifting the halt announces trading/resumed through the outbox, sent as the operations page sends it.
    const { outboxId } = await lib.setTradingHalt(admin, false, "", browser());
    const [{ dispatchOutbox }, { sendToInngest }] = await Promise.all([import("../../lib/outbox/outbox"), import("../../inngest/send-outbox")]);
    await dispatchOutbox(sendToInngest, { ids: [outboxId!] });
    const run = await executor.waitForRun("autovest-invest-account", (r) => r.event.id === id);
    expect(run.status).toBe("completed");
    expect(run.steps).toContain("buy: check the market and the trading halt (1)");
  });

  it("invests two deposits that arrive at once, one run at a time, cash never negative", async () => {
    const { accountId, ledger } = await fundedInvestor(80_000n);
    const [first, second] = await Promise.all([depositSettled(accountId, 40_000n), depositSettled(accountId, 40_000n)]);
    expect([first.status, second.status]).toEqual(["completed", "completed"]);
    // One of them found the account held and queued its work, which started when the other released it.
    await executor.settled();
    expect(executor.runs().filter((run) => run.status === "failed")).toEqual([]);
    expect((await lib.investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(0n);
    const cash = (await lib.investorBalances(accountId)).INVESTOR_CASH;
    expect((await holdingsCost(accountId)) + cash).toBe(80_000n);
    expect(await lib.db.posting.count({ where: { ledgerAccountId: ledger.INVESTOR_CASH, balanceAfter: { lt: 0 } } })).toBe(0);
  });

  it("fails visibly, keeping the money held, when the broker's answer does not match", async () => {
    const { accountId } = await fundedInvestor(50_000n);
    const honest = new lib.SimulatedBroker();
    const lying: Broker = Object.assign(Object.create(honest) as Broker, {
      placeOrder: async (request: Parameters<Broker["placeOrder"]>[0]) => ({ ...(await honest.placeOrder(request)), symbol: "ARKK" }),
    });
    lib.useBroker(lying);
    const run = await depositSettled(accountId, 50_000n);
    expect(run.status).toBe("failed");
    expect(JSON.stringify(run.error)).toContain("the broker answered for");
    expect((await lib.investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(50_000n);
    // Its failure handler released the account for the next run.
    await executor.waitForRun("autovest-invest-account-failure", (r) => (r.event.data as { run_id?: string }).run_id === run.runId);
    expect(await lib.db.accountRunLock.count({ where: { investmentAccountId: accountId } })).toBe(0);
  });

  it("resumes a failed investment when an admin retries it: the money it held is invested, once", async () => {
    const [{ retryRun }, { dispatchOutbox }, { sendToInngest }] = await Promise.all([
      import("../../lib/operations/retry-run"),
      import("../../lib/outbox/outbox"),
      import("../../inngest/send-outbox"),
    ]);
    const { accountId } = await fundedInvestor(50_000n);
    const honest = new lib.SimulatedBroker();
    lib.useBroker(Object.assign(Object.create(honest) as Broker, {
      placeOrder: async (request: Parameters<Broker["placeOrder"]>[0]) => ({ ...(await honest.placeOrder(request)), symbol: "ARKK" }),
    }));
    const failed = await depositSettled(accountId, 50_000n);
    expect(failed.status).toBe("failed");
    await executor.waitForRun("autovest-invest-account-failure", (r) => (r.event.data as { run_id?: string }).run_id === failed.runId);
    expect(await lib.db.workflowRun.findUniqueOrThrow({ where: { runId: failed.runId } })).toMatchObject({ status: "FAILED", eventId: failed.event.id });

    // The broker's answers are right again (the same broker: it already has the orders the failed run placed).
    lib.useBroker(honest);
    const { outboxId } = await retryRun(await createUser("ADMIN"), { runId: failed.runId }, browser());
    await dispatchOutbox(sendToInngest, { ids: [outboxId] });
    const retried = await executor.waitForRun("autovest-invest-account", (run) => run.event.id === outboxId);
    expect(retried.status).toBe("completed");
    expect(retried.event.data).toMatchObject({ resumeRunId: failed.event.id });
    const balances = await lib.investorBalances(accountId);
    expect(balances.INVESTOR_CASH_HELD).toBe(0n);
    expect((await holdingsCost(accountId)) + balances.INVESTOR_CASH).toBe(50_000n);
    // One set of orders: the retry placed none of its own.
    const orders = await lib.db.order.findMany({ where: { investmentAccountId: accountId } });
    expect(new Set(orders.map((order) => order.runId))).toEqual(new Set([failed.event.id]));
  });
});

describe("the local executor's other step kinds", () => {
  it("waits for an event, invokes another function and sleeps", async () => {
    const { ids } = await lib.inngest.send({ name: "test/start", data: {} });
    const ofParent = (state: string) => (runs: { event: { id: string }; state: string }[]) => runs.find((r) => r.event.id === ids[0] && r.state === state);
    await executor.waitFor(ofParent("waiting"));
    await lib.inngest.send({ name: "test/approved", data: { by: "advisor" } });
    await executor.waitFor(ofParent("sleeping"));
    clock.advance(2 * 3_600_000);
    const run = await executor.waitForRun("autovest-test-parent");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ approvedBy: "advisor", result: { doubled: 42 } });
    expect(run.steps).toContain("sleep two hours");
  });

  it("syncs prices on request: every asset gets a fresh price, a tick and today's bar", async () => {
    const before = await lib.db.priceTick.count();
    await lib.inngest.send({ name: "prices/sync.requested", data: { reason: "test" } });
    const run = await executor.waitForRun("autovest-price-sync");
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({ updated: 9, failedSources: [] });
    expect(run.steps).toEqual(["apply splits and symbol changes that take effect", "fetch simulated", "check and store prices", "revalue portfolios", "tell investors of large moves"]);
    expect((await lib.db.priceTick.count()) - before).toBe(9);
  });

  it("finds idle cash that no run is investing", async () => {
    const { accountId } = await fundedInvestor(20_000n);
    const { accountsWithIdleCash } = await import("../../lib/investing/drift-sweep");
    expect((await accountsWithIdleCash(100n)).found).toContain(accountId);
    await lib.db.accountRunLock.create({ data: { investmentAccountId: accountId, runId: "busy", kind: "invest" } });
    expect((await accountsWithIdleCash(100n)).found).not.toContain(accountId);
    await lib.db.accountRunLock.delete({ where: { investmentAccountId: accountId } });
    const id = randomUUID();
    await lib.inngest.send({ id, name: "account/invest.requested", data: { investmentAccountId: accountId, reason: "idle cash" } });
    const run = await executor.waitForRun("autovest-invest-account", (r) => r.event.id === id);
    expect(run.status).toBe("completed");
    expect((await accountsWithIdleCash(100n)).found).not.toContain(accountId);
  });
});

describe("rebalancing through the local executor", () => {
  const AGGRESSIVE = { horizon: "gt20", goal: "max_growth", drop: "buy_more", income: "very_stable", experience: "extensive", need: "no", loss: "gt30" };

  async function rebalance(accountId: string, reason = "test") {
    const id = randomUUID();
    await lib.inngest.send({ id, name: "account/rebalance.requested", data: { investmentAccountId: accountId, reason } });
    return executor.waitForRun("autovest-rebalance-account", (run) => run.event.id === id);
  }

  async function weights(accountId: string) {
    const holdings = await lib.db.holding.findMany({ where: { investmentAccountId: accountId, quantity: { gt: 0 } } });
    const prices = Object.fromEntries((await lib.db.asset.findMany({ include: { price: true } })).map((a) => [a.symbol, Number(a.price!.price)]));
    const values = Object.fromEntries(holdings.map((h) => [h.symbol, Number(h.quantity) * prices[h.symbol]!]));
    const total = Object.values(values).reduce((a, b) => a + b, 0);
    return Object.fromEntries(Object.entries(values).map(([symbol, value]) => [symbol, value / total]));
  }

  it("moves an invested account to its new model when the investor retakes the questionnaire", async () => {
    const { user, accountId } = await fundedInvestor(100_000n);
    await depositSettled(accountId, 100_000n);
    // The retake previews the change; the investor confirms it.
    const { proposalId } = await lib.submitRiskQuestionnaire(user, AGGRESSIVE, browser());
    expect((await lib.confirmMyModelChange(user, proposalId!, browser())).outcome).toBe("confirmed");
    const run = await rebalance(accountId, "model changed");
    expect(run.status).toBe("completed");
    expect(run.steps).toEqual(expect.arrayContaining(["sell: place orders", "sell: settle fills", "buy: place orders"]));
    const after = await weights(accountId);
    // Aggressive holds no bonds: BND, TIP and IEF are sold entirely.
    for (const bond of ["BND", "TIP", "IEF"]) expect(after[bond] ?? 0, bond).toBe(0);
    expect(after.VTI).toBeCloseTo(0.55, 2);
    expect(after.VEA).toBeCloseTo(0.22, 2);
    const sells = await lib.db.order.findMany({ where: { investmentAccountId: accountId, side: "SELL" } });
    expect(sells.every((o) => o.settledAt !== null)).toBe(true);
    const lots = await lib.db.taxLot.findMany({ where: { investmentAccountId: accountId, symbol: "BND" } });
    expect(lots.every((lot) => Number(lot.remainingQuantity) === 0)).toBe(true);
  });

  it("finds accounts outside their drift band after prices move, and leaves on-target ones alone", async () => {
    const { accountId: drifting } = await fundedInvestor(50_000n);
    await depositSettled(drifting, 50_000n);
    expect((await lib.accountsOutsideBand()).map((a) => a.investmentAccountId)).not.toContain(drifting);

    await setPrices({ VTI: "435.18" }); // VTI up 50%: 35% → ~45% of the portfolio
    const outside = await lib.accountsOutsideBand();
    const found = outside.find((a) => a.investmentAccountId === drifting);
    expect(found?.drift.toNumber()).toBeGreaterThan(0.03);
    // The sweep finds the figure the client's page shows (one implementation, driftCtes).
    const { accountDrift } = await import("../../lib/investing/rebalance");
    expect(found!.drift.toFixed(8)).toBe((await accountDrift(drifting))!.drift.toFixed(8));

    const run = await rebalance(drifting, "drift");
    expect(run.status).toBe("completed");
    expect((await lib.accountsOutsideBand()).map((a) => a.investmentAccountId)).not.toContain(drifting);
    expect((await weights(drifting)).VTI).toBeCloseTo(0.35, 2);
  });
});
