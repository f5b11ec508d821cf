import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alpacaServer, type AlpacaServer } from "../scripts/test/alpaca-server";
import { browser, createInvestor, createUser } from "../scripts/test/factories";
import { fundedInvestor, setPrices } from "../scripts/test/investing";
import { startWorkflows, type Workflows } from "../scripts/test/workflows";
import { useBroker } from "@/lib/brokerage";
import { SimulatedBroker } from "@/lib/brokerage/simulated";
import { db } from "@/lib/db";
import { investorBalances, investorLedger, platformAccount } from "@/lib/ledger/accounts";
import { postJournalEntry } from "@/lib/ledger/post";
import { trialBalance } from "@/lib/ledger/trial-balance";
import { setTradingHalt } from "@/lib/investing/trading-halt";
import { cancelWorkflowRun, releaseAccountLock } from "@/lib/operations/account-locks";
import { dispatchOutbox, enqueue } from "@/lib/outbox/outbox";
import { sendToInngest } from "./send-outbox";

/**
 * The product's workflows under Inngest's rules, as the issue that asked for them lists them: each through the
 * app's real serve() handler and the local stand-in (concurrency on executing steps, step and size limits,
 * cancellation, durable state), on a clock the test moves.
 */
let workflows: Workflows;

beforeAll(async () => {
  workflows = await startWorkflows();
});
afterAll(() => workflows.stop());
beforeEach(async () => {
  await setPrices();
  await db.platformSetting.deleteMany();
});

const INVEST = "autovest-invest-account";
const nyseBroker = (options: ConstructorParameters<typeof SimulatedBroker>[0] = {}) =>
  new SimulatedBroker({ market: "nyse", now: () => workflows.clock.now(), ...options });

async function settle(accountId: string, amount: bigint) {
  const id = randomUUID();
  await workflows.inngest.send({ id, name: "deposit/settled", data: { depositId: id, investmentAccountId: accountId, amount: amount.toString(), currency: "USD" } });
  return id;
}

/** Credits a deposit's money to available cash, as the Stripe webhook does before it announces it. */
async function credit(accountId: string, amount: bigint) {
  const ledger = await investorLedger(db, accountId);
  await postJournalEntry(db, {
    idempotencyKey: `test-deposit:${randomUUID()}`,
    kind: "DEPOSIT",
    postings: [
      { account: await platformAccount("STRIPE_CLEARING", accountId), amount: -amount },
      { account: ledger.INVESTOR_CASH, amount },
    ],
  });
}

const runOf = (eventId: string) => workflows.executor.runs().find((run) => run.event.id === eventId);
const holdingsCost = async (accountId: string) => (await db.holding.findMany({ where: { investmentAccountId: accountId } })).reduce((sum, h) => sum + h.costBasis, 0n);
const failedRuns = () => workflows.executor.runs().filter((run) => run.status === "failed");

describe("a busy account", () => {
  it("two deposits on a Saturday are both invested at Monday's open, and no run fails", async () => {
    workflows.clock.set("2026-11-21T15:00:00Z"); // a Saturday
    useBroker(nyseBroker());
    const { accountId } = await fundedInvestor(50_000n);
    const first = await settle(accountId, 50_000n);
    // The first run holds the $500 for its orders and sleeps until the market opens, holding the account.
    const sleeping = await workflows.executor.waitFor(() => (runOf(first)?.state === "sleeping" ? runOf(first) : undefined));
    expect(sleeping.wakeAt).toEqual(new Date("2026-11-23T14:30:00Z"));
    expect(await db.workflowRun.findUniqueOrThrow({ where: { runId: sleeping.runId } })).toMatchObject({
      status: "RUNNING",
      waitingFor: "the market to open at 2026-11-23T14:30:00.000Z",
    });

    // The second deposit arrives while the account is held: its work waits in the account's queue.
    await credit(accountId, 20_000n);
    const second = await settle(accountId, 20_000n);
    const queued = await workflows.executor.waitForRun(INVEST, (run) => run.event.id === second);
    expect(queued.status).toBe("completed");
    expect(queued.output).toEqual({ queuedBehind: first });
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 20_000n, INVESTOR_CASH_HELD: 50_000n });
    expect(await db.simulatedBrokerOrder.count({ where: { clientOrderId: { startsWith: first } } })).toBe(0);

    workflows.clock.set("2026-11-23T14:31:00Z"); // Monday, a minute after the open
    await workflows.executor.settled();
    const runs = workflows.executor.runs().filter((run) => run.functionId === INVEST && (run.event.data as { investmentAccountId?: string }).investmentAccountId === accountId);
    // The first deposit's run, the second's (queued), and the queued work started when the first released the account.
    expect(runs.map((run) => [run.event.name, run.status])).toEqual([
      ["deposit/settled", "completed"],
      ["deposit/settled", "completed"],
      ["account/invest.requested", "completed"],
    ]);
    expect(failedRuns()).toEqual([]);
    const orders = await db.order.findMany({ where: { investmentAccountId: accountId } });
    const fills = await db.simulatedBrokerOrder.findMany({ where: { clientOrderId: { in: orders.map((o) => o.clientOrderId) } } });
    expect(fills.length).toBe(16); // eight funds, twice
    expect(fills.every((fill) => fill.filledAt!.getTime() >= Date.parse("2026-11-23T14:30:00Z") && fill.filledAt!.getTime() <= Date.parse("2026-11-23T14:31:00Z"))).toBe(true);
    const balances = await investorBalances(accountId);
    expect(balances.INVESTOR_CASH_HELD).toBe(0n);
    expect((await holdingsCost(accountId)) + balances.INVESTOR_CASH).toBe(70_000n);
    expect(await db.accountRunLock.count({ where: { investmentAccountId: accountId } })).toBe(0);
  });
});

describe("a trading halt", () => {
  it("of 72 hours: every waiting run resumes when it is lifted, each with a handful of steps", async () => {
    workflows.clock.set("2026-11-30T15:00:00Z"); // a Monday, the market open
    useBroker(nyseBroker());
    const admin = await createUser("ADMIN");
    await setTradingHalt(admin, true, "prices look wrong", browser());
    const investors = await Promise.all([fundedInvestor(10_000n), fundedInvestor(20_000n), fundedInvestor(30_000n)]);
    const events = await Promise.all(investors.map((investor, i) => settle(investor.accountId, BigInt(i + 1) * 10_000n)));
    const waiting = () => events.map(runOf).filter((run) => run?.state === "waiting");
    await workflows.executor.waitFor(() => (waiting().length === 3 ? true : undefined));
    for (const run of waiting()) {
      expect((await db.workflowRun.findUniqueOrThrow({ where: { runId: run!.runId } })).waitingFor).toBe("the trading halt to be lifted");
    }

    // Hour by hour (so a run that looked more often than daily would be seen looking): each day it looks again,
    // finds trading still halted, and waits again; nothing is traded.
    for (let hour = 1; hour <= 72; hour++) {
      workflows.clock.advance(3_600_000);
      await workflows.executor.settled();
      expect(waiting()).toHaveLength(3);
    }
    expect(await db.simulatedBrokerOrder.count({ where: { clientOrderId: { in: (await db.order.findMany({ where: { runId: { in: events } } })).map((o) => o.clientOrderId) } } })).toBe(0);

    const { outboxId } = await setTradingHalt(admin, false, "", browser());
    await dispatchOutbox(sendToInngest, { ids: [outboxId!] });
    await workflows.executor.settled();
    for (const [i, id] of events.entries()) {
      const run = runOf(id)!;
      expect(run.status).toBe("completed");
      // A check of the market and the halt when it began, one a day while it lasted, one when it was lifted; and
      // a wait between each: 2 steps a day of halt.
      expect(run.steps.filter((step) => step.startsWith("buy: check the market and the trading halt"))).toHaveLength(5);
      expect(run.steps.filter((step) => step.startsWith("buy: trading halted, wait for it to be lifted"))).toHaveLength(4);
      expect(run.steps.length).toBeLessThan(30);
      const balances = await investorBalances(investors[i]!.accountId);
      expect(balances.INVESTOR_CASH_HELD).toBe(0n);
      expect((await holdingsCost(investors[i]!.accountId)) + balances.INVESTOR_CASH).toBe(BigInt(i + 1) * 10_000n);
    }
  });
});

describe("a cancelled run", () => {
  it("an admin cancels a sleeping invest run: it is recorded cancelled, its orders withdrawn, its lock and cash given back", async () => {
    workflows.clock.set("2026-11-21T15:00:00Z"); // a Saturday: the run sleeps until Monday
    useBroker(nyseBroker());
    const { accountId } = await fundedInvestor(50_000n);
    const id = await settle(accountId, 50_000n);
    const run = await workflows.executor.waitFor(() => (runOf(id)?.state === "sleeping" ? runOf(id) : undefined));
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 0n, INVESTOR_CASH_HELD: 50_000n });

    const admin = await createUser("ADMIN");
    await cancelWorkflowRun(admin, { runId: run.runId }, browser());
    await workflows.executor.settled();

    expect(runOf(id)!.status).toBe("cancelled");
    expect(await db.workflowRun.findUniqueOrThrow({ where: { runId: run.runId } })).toMatchObject({ status: "CANCELLED", waitingFor: null });
    const cleanUp = await workflows.executor.waitForRun("autovest-release-account-run", (r) => (r.event.data as { run_id?: string }).run_id === run.runId);
    expect(cleanUp.status).toBe("completed");
    expect(cleanUp.output).toEqual({ released: true, cash: "50000", runKey: id });
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 50_000n, INVESTOR_CASH_HELD: 0n });
    expect(await db.accountRunLock.count({ where: { investmentAccountId: accountId } })).toBe(0);
    expect((await db.order.findMany({ where: { runId: id } })).map((o) => o.status)).toEqual(Array(8).fill("CANCELED"));
    expect(await db.auditLog.count({ where: { action: "WORKFLOW_RUN_CANCELED", targetId: run.runId, actorId: admin.id } })).toBe(1);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("an admin releases an account whose run Inngest no longer knows: the work is unwound and the queued work starts", async () => {
    workflows.clock.set("2026-11-23T15:00:00Z");
    useBroker(nyseBroker());
    const { accountId } = await fundedInvestor(30_000n);
    // A run that held the account and $300, then was lost (its stand-in's state wiped, say).
    const { claimAccount } = await import("@/lib/investing/account-run-lock");
    const { holdCash } = await import("@/lib/investing/invest");
    await claimAccount(accountId, "evt-lost", "invest", { functionId: INVEST, inngestRunId: "01KBXGQ3N6R2V8TZ4M5PWY7CDE" });
    await holdCash(accountId, "evt-lost");
    // A deposit meanwhile finds the account held and queues.
    await credit(accountId, 10_000n);
    const waiting = await settle(accountId, 10_000n);
    expect((await workflows.executor.waitForRun(INVEST, (r) => r.event.id === waiting)).output).toEqual({ queuedBehind: "evt-lost" });

    const admin = await createUser("ADMIN");
    const { outboxId, runCancelled } = await releaseAccountLock(admin, { investmentAccountId: accountId, runKey: "evt-lost" }, browser());
    expect(runCancelled).toBe(false);
    await dispatchOutbox(sendToInngest, { ids: [outboxId] });
    await workflows.executor.settled();

    expect(failedRuns()).toEqual([]);
    expect(await db.auditLog.count({ where: { action: "ACCOUNT_RUN_LOCK_RELEASED", targetId: accountId, actorId: admin.id } })).toBe(1);
    // The lost run's $300 came back and the queued investment invested all $400.
    const started = workflows.executor.runs().find((r) => r.functionId === INVEST && r.event.name === "account/invest.requested" && (r.event.data as { investmentAccountId: string }).investmentAccountId === accountId);
    expect(started?.status).toBe("completed");
    const balances = await investorBalances(accountId);
    expect(balances.INVESTOR_CASH_HELD).toBe(0n);
    expect((await holdingsCost(accountId)) + balances.INVESTOR_CASH).toBe(40_000n);
    expect(balances.INVESTOR_CASH).toBeLessThan(100n);
  });
});

describe("a partial fill", () => {
  let alpaca: AlpacaServer;
  beforeAll(async () => {
    alpaca = await alpacaServer();
  });
  afterAll(() => alpaca.close());

  it("then cancel: the run books the shares bought, gives back the rest, and ledger, holdings and broker agree", async () => {
    workflows.clock.set("2026-11-23T15:00:00Z");
    const prices: Record<string, string> = { VTI: "250", BND: "50", VEA: "25", TIP: "100", IEF: "125", VWO: "40", VNQ: "80", GLD: "200" };
    for (const [symbol, price] of Object.entries(prices)) alpaca.scenario(symbol, { price });
    // VTI's order ($175.00 of the balanced model's $500) fills 0.3 shares at $250 and stays open.
    alpaca.scenario("VTI", { price: "250", fill: "0.3" });
    useBroker(alpaca.broker());
    const { accountId } = await fundedInvestor(50_000n);
    const id = await settle(accountId, 50_000n);
    // The run checks, sleeps, checks again …: the clock moves it through its waits until it gives up on VTI.
    for (let wait = 0; wait < 40 && runOf(id)?.status !== "completed"; wait++) {
      await workflows.executor.settled();
      if (runOf(id)?.status === "failed") throw new Error(JSON.stringify(runOf(id)!.error));
      workflows.clock.advance(5 * 60_000);
    }
    const run = runOf(id)!;
    expect(run.steps).toContain("buy: cancel what did not fill (0)");
    const vti = await db.order.findFirstOrThrow({ where: { runId: id, symbol: "VTI" } });
    expect(vti).toMatchObject({ status: "CANCELED", filledNotional: 7_500n });
    expect(vti.filledQuantity!.toFixed(6)).toBe("0.300000");
    // Spent: VTI 0.3 × $250 = $75.00, the other seven funds their planned $325.00 in full; given back: $100.00.
    const balances = await investorBalances(accountId);
    expect(balances).toMatchObject({ INVESTOR_CASH: 10_000n, INVESTOR_CASH_HELD: 0n });
    expect(await holdingsCost(accountId)).toBe(40_000n);
    const holdings = await db.holding.findMany({ where: { investmentAccountId: accountId } });
    const positions = alpaca.positions();
    for (const holding of holdings) expect(Number(positions[holding.symbol]), holding.symbol).toBe(Number(holding.quantity.toString()));
    expect((await trialBalance()).balanced).toBe(true);
  });
});

describe("a poisoned outbox row", () => {
  it("that the stand-in refuses every time is retried, then parked, and every other row is delivered", async () => {
    const accounts = await Promise.all([createInvestor(), createInvestor(), createInvestor()]);
    const good = await db.$transaction(async (tx) =>
      Promise.all(accounts.map((a) => enqueue(tx, { name: "account/rebalance.requested", data: { investmentAccountId: a.accountId, reason: "test" } }))),
    );
    // Inngest refuses events named as its own: this one can never be delivered.
    const poisoned = await db.$transaction((tx) => enqueue(tx, { name: "inngest/function.failed", data: { forged: true } }));
    const ids = [...good, poisoned];
    for (let attempt = 0; attempt < 5; attempt++) {
      await dispatchOutbox(sendToInngest, { ids, now: new Date(Date.now() + attempt * 3_600_000) });
    }
    const rows = await db.outboxEvent.findMany({ where: { id: { in: ids } } });
    expect(rows.filter((row) => good.includes(row.id)).every((row) => row.sentAt !== null && row.attempts === 1)).toBe(true);
    const parked = rows.find((row) => row.id === poisoned)!;
    expect(parked).toMatchObject({ sentAt: null, attempts: 5 });
    expect(parked.parkedAt).not.toBeNull();
    expect(parked.lastError).toContain("reserved");
    // The rows delivered started their runs.
    for (const id of good) expect((await workflows.executor.waitForRun("autovest-rebalance-account", (r) => r.event.id === id)).status).toBe("completed");
  });
});

describe("a restart", () => {
  it("of the stand-in while a run sleeps (npm run dev restarted): the run resumes and completes", async () => {
    workflows.clock.set("2026-11-21T15:00:00Z");
    useBroker(nyseBroker());
    const { accountId } = await fundedInvestor(50_000n);
    const id = await settle(accountId, 50_000n);
    await workflows.executor.waitFor(() => (runOf(id)?.state === "sleeping" ? true : undefined));
    await workflows.restart();
    expect(runOf(id)).toMatchObject({ status: "running", state: "sleeping" });
    workflows.clock.set("2026-11-23T14:31:00Z");
    const run = await workflows.executor.waitForRun(INVEST, (r) => r.event.id === id);
    expect(run.status).toBe("completed");
    const balances = await investorBalances(accountId);
    expect((await holdingsCost(accountId)) + balances.INVESTOR_CASH).toBe(50_000n);
    expect(balances.INVESTOR_CASH_HELD).toBe(0n);
  });
});
