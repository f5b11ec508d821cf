import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { json, localHttpServer } from "../../scripts/test/local-http";
import { linkBank } from "../../scripts/test/withdrawals";
import { startWorkflows, type Workflows } from "../../scripts/test/workflows";
import { ManualClock } from "../../scripts/workflows/clock";

/**
 * The withdrawal workflow on the local stand-in for Inngest, with the simulated broker on the NYSE's hours and the
 * stand-in's clock, and the test-payment mode's signed events delivered over HTTP to the webhook's entry point.
 */
const clock = new ManualClock("2026-11-23T15:00:00Z"); // Monday 10:00 in New York
let workflows: Workflows;
let webhook: Awaited<ReturnType<typeof localHttpServer>>;
let lib: {
  db: typeof import("@/lib/db").db;
  useBroker: typeof import("@/lib/brokerage").useBroker;
  SimulatedBroker: typeof import("@/lib/brokerage/simulated").SimulatedBroker;
  investorBalances: typeof import("@/lib/ledger/accounts").investorBalances;
  trialBalance: typeof import("@/lib/ledger/trial-balance").trialBalance;
  setTradingHalt: typeof import("@/lib/investing/trading-halt").setTradingHalt;
  requestWithdrawal: typeof import("@/lib/payments/withdrawals/request").requestWithdrawal;
  dispatch: (ids: string[]) => Promise<unknown>;
};

beforeAll(async () => {
  const { receiveStripeWebhook } = await import("@/lib/payments/webhook");
  webhook = await localHttpServer((request, res) => {
    receiveStripeWebhook(request.body, String(request.headers["stripe-signature"])).then(
      (applied) => json(res, 200, { outcome: applied.outcome }),
      (error: unknown) => json(res, 500, { error: String(error) }),
    );
  });
  process.env.NEXTAUTH_URL = webhook.url;
  workflows = await startWorkflows({ clock, select: (fns) => fns.filter((fn) => ["autovest-withdraw-account", "autovest-send-notification-email"].includes(fn.id("autovest"))) });
  const [db, brokerage, simulated, accounts, trial, halt, request, outbox, send] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/brokerage"),
    import("@/lib/brokerage/simulated"),
    import("@/lib/ledger/accounts"),
    import("@/lib/ledger/trial-balance"),
    import("@/lib/investing/trading-halt"),
    import("@/lib/payments/withdrawals/request"),
    import("@/lib/outbox/outbox"),
    import("../send-outbox"),
  ]);
  lib = {
    db: db.db,
    useBroker: brokerage.useBroker,
    SimulatedBroker: simulated.SimulatedBroker,
    investorBalances: accounts.investorBalances,
    trialBalance: trial.trialBalance,
    setTradingHalt: halt.setTradingHalt,
    requestWithdrawal: request.requestWithdrawal,
    dispatch: (ids) => outbox.dispatchOutbox(send.sendToInngest, { ids }),
  };
});

afterAll(async () => {
  await workflows.stop();
  await webhook.close();
  delete process.env.NEXTAUTH_URL;
});

beforeEach(async () => {
  clock.set("2026-11-23T15:00:00Z");
  await setPrices();
  lib.useBroker(new lib.SimulatedBroker({ market: "nyse", now: () => clock.now(), spreadBps: 0 }));
});

/** An investor whose $1,000 is invested on the balanced model, with Stripe's test bank linked a month ago. */
async function invested(last4 = "6789") {
  const investor = await fundedInvestor(100_000n);
  await investAll(investor.accountId, new lib.SimulatedBroker({ spreadBps: 0 }));
  const bank = await linkBank(investor.user.id, { last4 });
  return { ...investor, bank };
}

async function withdraw(user: Awaited<ReturnType<typeof invested>>["user"], bankAccountId: string, amount: string) {
  const { withdrawal, outboxIds } = await lib.requestWithdrawal(user, { amount, bankAccountId, requestKey: randomUUID() }, browser());
  await lib.dispatch(outboxIds);
  return withdrawal.id;
}

const runOf = (withdrawalId: string) => workflows.executor.waitForRun("autovest-withdraw-account", (run) => run.event.data.withdrawalId === withdrawalId);
const sleepingUntil = async (withdrawalId: string) =>
  (await workflows.executor.waitFor((runs) => runs.find((run) => run.event.data.withdrawalId === withdrawalId && run.state === "sleeping"))).wakeAt;
const withdrawal = (id: string) => lib.db.withdrawal.findUniqueOrThrow({ where: { id } });
const holdingsValue = async (accountId: string) => (await lib.db.holding.findMany({ where: { investmentAccountId: accountId } })).map((h) => [h.symbol, h.quantity.toString()]);

describe("the withdraw-account workflow", () => {
  it("sells what cash does not cover, waits for T+1, then pays the bank", async () => {
    const { user, accountId, bank } = await invested();
    const before = await holdingsValue(accountId);
    const id = await withdraw(user, bank.id, "300.00");

    // Sold on Monday: settles at Tuesday's open, 09:30 New York.
    expect(await sleepingUntil(id)).toEqual(new Date("2026-11-24T14:30:00Z"));
    expect(await withdrawal(id)).toMatchObject({ status: "SETTLING", heldAmount: 30_000n, settlesAt: new Date("2026-11-24T14:30:00Z") });
    const sales = await lib.db.order.findMany({ where: { investmentAccountId: accountId, runId: { startsWith: `withdraw:${id}:sell:` } } });
    expect(sales.length).toBeGreaterThan(0);
    expect(sales.every((order) => order.side === "SELL" && order.settledAt !== null)).toBe(true);
    expect(await holdingsValue(accountId)).not.toEqual(before);
    const settling = await lib.investorBalances(accountId);
    expect(settling.INVESTOR_CASH_HELD).toBe(30_000n);
    expect(settling.INVESTOR_CASH).toBeGreaterThan(0n); // the buffer's leftover proceeds stay in cash
    expect(await lib.db.accountRunLock.count({ where: { investmentAccountId: accountId } })).toBe(0);

    clock.set("2026-11-24T14:31:00Z");
    expect((await runOf(id)).status).toBe("completed");
    expect(await withdrawal(id)).toMatchObject({ status: "PAID", paidAmount: 30_000n });
    expect((await lib.investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(0n);
    const told = await lib.db.notification.findMany({ where: { userId: user.id, kind: "WITHDRAWAL" }, orderBy: { createdAt: "asc" }, select: { title: true } });
    expect(told.map((n) => n.title)).toEqual([
      "Withdrawal of $300.00 requested",
      "Withdrawal of $300.00: selling",
      "Withdrawal of $300.00: sales settling",
      "Withdrawal of $300.00 is on its way",
      "Withdrawal of $300.00 paid",
    ]);
    expect((await lib.trialBalance()).balanced).toBe(true);
  });

  it("sells everything and leaves the account at zero", async () => {
    const { user, accountId, bank } = await invested();
    const id = await withdraw(user, bank.id, "everything");
    await sleepingUntil(id);
    clock.set("2026-11-24T15:00:00Z");
    expect((await runOf(id)).status).toBe("completed");
    const paid = await withdrawal(id);
    expect(paid.status).toBe("PAID");
    expect(paid.paidAmount).toBeGreaterThan(99_000n);
    expect(await lib.investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 0n, INVESTOR_CASH_HELD: 0n, INVESTOR_OWED: 0n });
    expect(await lib.db.holding.count({ where: { investmentAccountId: accountId, quantity: { gt: 0 } } })).toBe(0);
    expect((await lib.trialBalance()).balanced).toBe(true);
  });

  it("waits, still cancellable, while trading is halted, and goes on once it is lifted", async () => {
    const admin = await createUser("ADMIN");
    const { user, accountId, bank } = await invested();
    await lib.setTradingHalt(admin, true, "a market-wide circuit breaker", browser());
    const id = await withdraw(user, bank.id, "200.00");
    await workflows.executor.waitFor((runs) => runs.find((run) => run.event.data.withdrawalId === id && run.state === "waiting"));
    expect((await withdrawal(id)).status).toBe("REQUESTED");
    expect(await lib.db.order.count({ where: { runId: { startsWith: `withdraw:${id}` } } })).toBe(0);

    const { outboxId } = await lib.setTradingHalt(admin, false, "", browser());
    await lib.dispatch([outboxId!]);
    expect(await sleepingUntil(id)).toEqual(new Date("2026-11-24T14:30:00Z"));
    expect((await withdrawal(id)).status).toBe("SETTLING");
    expect((await lib.investorBalances(accountId)).INVESTOR_CASH_HELD).toBe(20_000n);
  });

  it("puts a payout the bank returns back in cash", async () => {
    const investor = await fundedInvestor(50_000n);
    const bank = await linkBank(investor.user.id, { last4: "1113" });
    const id = await withdraw(investor.user, bank.id, "120.00"); // the cash covers it: nothing to sell or settle
    expect((await runOf(id)).status).toBe("completed");
    await expect.poll(async () => (await withdrawal(id)).status).toBe("RETURNED");
    expect(await withdrawal(id)).toMatchObject({ failureReason: "Your bank says the account is closed." });
    expect(await lib.investorBalances(investor.accountId)).toMatchObject({ INVESTOR_CASH: 50_000n, INVESTOR_CASH_HELD: 0n });
    expect((await lib.trialBalance()).balanced).toBe(true);
  });
});
