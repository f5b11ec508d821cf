import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browser, createUser } from "../../../scripts/test/factories";
import { fundedInvestor, investAll, setPrices } from "../../../scripts/test/investing";
import { json, localHttpServer } from "../../../scripts/test/local-http";
import { deliver } from "../../../scripts/test/payments";
import { linkBank } from "../../../scripts/test/withdrawals";
import { db } from "../../db";
import { reloadEnv } from "../../env";
import { Conflict, Forbidden, InvalidInput, NotFound } from "../../errors";
import { investorBalances, platformBalance } from "../../ledger/accounts";
import { trialBalance } from "../../ledger/trial-balance";
import { resetStripe } from "../stripe";
import { event } from "../test-events";
import { approveWithdrawal, cancelWithdrawal, rejectWithdrawal } from "./decide";
import { outboundPayment, sendPayout } from "./payout";
import { previewWithdrawal, requestWithdrawal } from "./request";
import { beginSelling, finishSelling, holdCashForRound, startPayout } from "./run";

beforeEach(() => setPrices());

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

async function investorWithBank(cash = 100_000n, bank: Parameters<typeof linkBank>[1] = {}) {
  const investor = await fundedInvestor(cash);
  const account = await linkBank(investor.user.id, bank);
  return { ...investor, bank: account };
}

const ask = (bankAccountId: string, amount: string, requestKey = randomUUID()) => ({ amount, bankAccountId, requestKey });

/** Takes a withdrawal from request to paying with no sales (the cash covers it), as the workflow's steps do. */
async function payFromCash(withdrawalId: string) {
  expect((await beginSelling(withdrawalId)).proceed).toBe(true);
  await holdCashForRound(withdrawalId, 0);
  expect((await finishSelling(withdrawalId)).status).toBe("SETTLING");
  expect((await startPayout(withdrawalId)).paying).toBe(true);
}

describe("requesting a withdrawal", () => {
  it("holds the cash at once, once for a double submit, audited and told", async () => {
    const { user, accountId, bank } = await investorWithBank();
    const input = ask(bank.id, "400.00");
    const first = await requestWithdrawal(user, input, browser());
    const again = await requestWithdrawal(user, input, browser());

    expect(again.withdrawal.id).toBe(first.withdrawal.id);
    expect(first.withdrawal).toMatchObject({ status: "REQUESTED", requestedAmount: 40_000n, heldAmount: 40_000n, approvalReason: null });
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 60_000n, INVESTOR_CASH_HELD: 40_000n });
    expect(await db.withdrawal.count({ where: { investmentAccountId: accountId } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "WITHDRAWAL_REQUESTED", targetId: first.withdrawal.id, actorId: user.id } })).toBe(1);
    expect(await db.notification.findFirst({ where: { userId: user.id, kind: "WITHDRAWAL" } })).toMatchObject({ title: "Withdrawal of $400.00 requested" });
    expect(await db.outboxEvent.count({ where: { name: "withdrawal/requested", data: { path: ["withdrawalId"], equals: first.withdrawal.id } } })).toBe(1);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("previews the sales for what cash does not cover, with the estimated gain, writing nothing", async () => {
    const { user, accountId, bank } = await investorWithBank(100_000n);
    await investAll(accountId);
    const preview = await previewWithdrawal(user, { amount: "300", bankAccountId: bank.id });
    expect(preview.everything).toBe(false);
    expect(preview.fromCash).toBe("0");
    expect(preview.sales.length).toBeGreaterThan(0);
    expect(BigInt(preview.estimatedProceeds)).toBeGreaterThanOrEqual(30_000n);
    expect(preview.gain.total).toBe("0.00"); // bought at today's prices: nothing gained yet
    expect(BigInt(preview.available)).toBe(99_992n); // the holdings' value (BALANCED_1000), no cash
    expect(await db.withdrawal.count({ where: { investmentAccountId: accountId } })).toBe(0);
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    const { user, accountId, bank } = await investorWithBank(100_000n);
    const other = await investorWithBank(100_000n);
    const pending = await linkBank(user.id, { status: "PENDING_VERIFICATION" });
    const removed = await linkBank(user.id, { removed: true });
    const fields = async (input: object) => ((await errorOf(requestWithdrawal(user, input, browser()))) as InvalidInput).fields;

    expect(await fields(ask(bank.id, "0"))).toEqual({ amount: "Enter an amount above $0.00." });
    expect(await fields(ask(bank.id, "-20"))).toEqual({ amount: "Enter an amount above $0.00." });
    expect(await fields(ask(bank.id, "10.005"))).toEqual({ amount: "Amounts are in whole cents: at most two digits after the point." });
    expect(await fields(ask(bank.id, "1000.01"))).toEqual({ amount: "You can withdraw up to $1,000.00." });
    expect(await fields(ask(pending.id, "10"))).toEqual({ bankAccountId: "This bank account is not verified yet." });
    expect(await fields(ask(removed.id, "10"))).toEqual({ bankAccountId: "That bank account was removed." });
    expect(await errorOf(requestWithdrawal(user, ask(other.bank.id, "10"), browser()))).toBeInstanceOf(NotFound);

    await db.investmentAccount.update({ where: { id: accountId }, data: { status: "RESTRICTED", restrictedReason: "test" } });
    const restricted = await errorOf(requestWithdrawal(user, ask(bank.id, "10"), browser()));
    expect(restricted).toBeInstanceOf(Forbidden);
    expect((restricted as Error).message).toMatch(/restricted/);

    expect(await db.withdrawal.count({ where: { investmentAccountId: accountId } })).toBe(0);
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 100_000n, INVESTOR_CASH_HELD: 0n });
  });

  it("never lets two withdrawals at once take more than is there", async () => {
    const { user, accountId, bank } = await investorWithBank(100_000n);
    const results = await Promise.allSettled([0, 1, 2].map(() => requestWithdrawal(user, ask(bank.id, "600.00"), browser())));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.map((r) => (r.reason as InvalidInput).fields)).toEqual([{ amount: "You can withdraw up to $400.00." }, { amount: "You can withdraw up to $400.00." }]);
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 40_000n, INVESTOR_CASH_HELD: 60_000n });
    // An open withdrawal of everything leaves nothing for another.
    const everything = await investorWithBank(50_000n);
    await requestWithdrawal(everything.user, ask(everything.bank.id, "everything"), browser());
    expect(((await errorOf(requestWithdrawal(everything.user, ask(everything.bank.id, "1"), browser()))) as InvalidInput).fields).toEqual({ amount: "You can withdraw up to $0.00." });
  });
});

describe("deciding before anything is sold", () => {
  it("cancels, giving the held cash back, until selling starts", async () => {
    const { user, accountId, bank } = await investorWithBank();
    const { withdrawal } = await requestWithdrawal(user, ask(bank.id, "250"), browser());
    const cancelled = await cancelWithdrawal(user, { withdrawalId: withdrawal.id }, browser());
    expect(cancelled.withdrawal.status).toBe("CANCELLED");
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 100_000n, INVESTOR_CASH_HELD: 0n });

    const second = await requestWithdrawal(user, ask(bank.id, "250"), browser());
    await beginSelling(second.withdrawal.id);
    expect(await errorOf(cancelWithdrawal(user, { withdrawalId: second.withdrawal.id }, browser()))).toBeInstanceOf(Conflict);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("waits for the client's advisor on a first withdrawal to a bank linked this week; another advisor cannot decide", async () => {
    const advisor = await createUser("ADVISOR");
    const stranger = await createUser("ADVISOR");
    const { user, accountId, bank } = await investorWithBank(100_000n, { daysAgo: 2 });
    await db.user.update({ where: { id: user.id }, data: { advisorId: advisor.id } });
    const { withdrawal } = await requestWithdrawal(user, ask(bank.id, "100"), browser());
    expect(withdrawal).toMatchObject({ status: "AWAITING_APPROVAL", approvalReason: "the first withdrawal to a bank linked less than 7 days ago", heldAmount: 10_000n });
    expect((await beginSelling(withdrawal.id)).proceed).toBe(false);

    expect(await errorOf(approveWithdrawal(stranger, { withdrawalId: withdrawal.id }, browser()))).toBeInstanceOf(Forbidden);
    const approved = await approveWithdrawal(advisor, { withdrawalId: withdrawal.id }, browser());
    expect(approved.withdrawal).toMatchObject({ status: "REQUESTED", approvedById: advisor.id });
    expect(await db.auditLog.count({ where: { action: "WITHDRAWAL_APPROVED", targetId: withdrawal.id, actorId: advisor.id } })).toBe(1);

    const next = await requestWithdrawal(user, ask(bank.id, "50"), browser());
    expect(next.withdrawal.status).toBe("REQUESTED"); // not the first to this bank any more
    const big = await investorWithBank(3_000_000n, { daysAgo: 60 });
    await db.user.update({ where: { id: big.user.id }, data: { advisorId: advisor.id } });
    const over = await requestWithdrawal(big.user, ask(big.bank.id, "25000.01"), browser());
    expect(over.withdrawal).toMatchObject({ status: "AWAITING_APPROVAL", approvalReason: "above the $25,000.00 limit" });
    expect(((await errorOf(rejectWithdrawal(advisor, { withdrawalId: over.withdrawal.id, reason: "" }, browser()))) as InvalidInput).fields).toEqual({ reason: "Say why it is rejected." });
    const rejected = await rejectWithdrawal(advisor, { withdrawalId: over.withdrawal.id, reason: "Please call us first." }, browser());
    expect(rejected.withdrawal).toMatchObject({ status: "REJECTED", rejectionReason: "Please call us first." });
    expect(await investorBalances(big.accountId)).toMatchObject({ INVESTOR_CASH: 3_000_000n, INVESTOR_CASH_HELD: 0n });
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 85_000n, INVESTOR_CASH_HELD: 15_000n });
  });
});

describe("Stripe's answers about a payout", () => {
  async function paying(last4 = "6789") {
    const setup = await investorWithBank(100_000n, { last4 });
    const { withdrawal } = await requestWithdrawal(setup.user, ask(setup.bank.id, "400"), browser());
    await payFromCash(withdrawal.id);
    const id = `obp_test_${withdrawal.id.replaceAll("-", "")}`;
    const w = await db.withdrawal.update({ where: { id: withdrawal.id }, data: { stripePaymentId: id } });
    const payment = (status: "posted" | "failed" | "returned", code?: string) =>
      outboundPayment({ id: w.id, currency: w.currency, amount: w.paidAmount! }, id, status, setup.bank, code);
    return { ...setup, w, payment };
  }

  it("is paid once when posted (a replayed event changes nothing), and the books balance", async () => {
    const { accountId, w, payment } = await paying();
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 60_000n, INVESTOR_CASH_HELD: 0n });
    const clearing = await platformBalance("STRIPE_CLEARING");
    const posted = event("treasury.outbound_payment.posted", payment("posted"));
    expect((await deliver(posted)).outcome).toBe("applied");
    expect((await deliver(posted)).outcome).toBe("duplicate");
    expect((await deliver(event("treasury.outbound_payment.posted", payment("posted")))).outcome).toMatch(/already paid/);
    expect(await db.withdrawal.findUniqueOrThrow({ where: { id: w.id } })).toMatchObject({ status: "PAID", paidAmount: 40_000n });
    expect(await db.stripeEvent.count({ where: { withdrawalId: w.id } })).toBe(2);
    // The $400 reached Stripe's clearing account when the payout started (it is Stripe's to send); posting moves nothing.
    expect(await platformBalance("STRIPE_CLEARING")).toBe(clearing);
    const payout = await db.journalEntry.findUniqueOrThrow({ where: { idempotencyKey: `withdrawal:${w.id}:payout` } });
    expect(payout.kind).toBe("WITHDRAWAL");
    expect((await db.posting.findMany({ where: { entryId: payout.id }, orderBy: { amount: "asc" } })).map((p) => p.amount)).toEqual([-40_000n, 40_000n]);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("puts a payout the bank returns back in cash, with the bank's reason", async () => {
    const { accountId, user, w, payment } = await paying("1113");
    await deliver(event("treasury.outbound_payment.posted", payment("posted")));
    const returned = event("treasury.outbound_payment.returned", payment("returned", "account_closed"));
    await deliver(returned);
    await deliver(returned);
    expect(await db.withdrawal.findUniqueOrThrow({ where: { id: w.id } })).toMatchObject({ status: "RETURNED", failureReason: "Your bank says the account is closed." });
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 100_000n, INVESTOR_CASH_HELD: 0n });
    expect(await db.notification.findFirst({ where: { userId: user.id, dedupeKey: `withdrawal:${w.id}:returned` } })).toMatchObject({
      title: "Withdrawal of $400.00 was returned by your bank",
    });
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("puts a payout Stripe could not send back in cash", async () => {
    const { accountId, w, payment } = await paying();
    await deliver(event("treasury.outbound_payment.failed", payment("failed")));
    expect(await db.withdrawal.findUniqueOrThrow({ where: { id: w.id } })).toMatchObject({ status: "FAILED" });
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 100_000n });
  });

  it("ignores an event whose amount does not match", async () => {
    const { w, payment } = await paying();
    const outcome = await deliver(event("treasury.outbound_payment.posted", { ...payment("posted"), amount: 1 }));
    expect(outcome.outcome).toMatch(/^ignored: amount or currency does not match/);
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: w.id } })).status).toBe("PAYING");
  });
});

describe("paying out with Stripe keys", () => {
  let stripeApi: Awaited<ReturnType<typeof localHttpServer>>;
  let refuse = false;

  beforeAll(async () => {
    stripeApi = await localHttpServer((request, res) => {
      if (request.method === "POST" && request.path === "/v1/treasury/outbound_payments") {
        if (refuse) return json(res, 400, { error: { type: "invalid_request_error", message: "The destination payment method cannot receive outbound payments." } });
        const form = new URLSearchParams(request.body);
        json(res, 200, { id: `obp_${randomUUID().replaceAll("-", "")}`, object: "treasury.outbound_payment", amount: Number(form.get("amount")), currency: "usd", status: "processing" });
      } else json(res, 404, { error: { type: "invalid_request_error", message: "Unrecognized request URL" } });
    });
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_autovest", STRIPE_WEBHOOK_SECRET: "whsec_test_autovest", STRIPE_API_URL: stripeApi.url, STRIPE_FINANCIAL_ACCOUNT: "fa_test_platform" });
    reloadEnv();
    resetStripe();
  });

  afterAll(async () => {
    for (const key of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL", "STRIPE_FINANCIAL_ACCOUNT"]) delete process.env[key];
    reloadEnv();
    resetStripe();
    await stripeApi.close();
  });

  it("creates one OutboundPayment to the linked bank under Stripe's idempotency key", async () => {
    const { user, bank } = await investorWithBank();
    await db.user.update({ where: { id: user.id }, data: { stripeCustomerId: "cus_test_investor" } });
    const { withdrawal } = await requestWithdrawal(user, ask(bank.id, "123.45"), browser());
    expect(withdrawal.testMode).toBe(false);
    await payFromCash(withdrawal.id);
    const id = await sendPayout(withdrawal.id);
    expect(await sendPayout(withdrawal.id)).toBe(id); // stored: not asked again

    expect(stripeApi.requests).toHaveLength(1);
    const [call] = stripeApi.requests;
    expect(call!.headers["idempotency-key"]).toBe(`withdrawal:${withdrawal.id}:payout`);
    const form = new URLSearchParams(call!.body);
    expect(Object.fromEntries(form)).toMatchObject({
      financial_account: "fa_test_platform",
      amount: "12345",
      currency: "usd",
      customer: "cus_test_investor",
      destination_payment_method: bank.stripePaymentMethodId!,
      "metadata[withdrawal_id]": withdrawal.id,
    });
    expect(await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id } })).toMatchObject({ status: "PAYING", stripePaymentId: id });
  });

  it("fails the withdrawal, money back in cash, when Stripe refuses the payment outright", async () => {
    const { user, accountId, bank } = await investorWithBank();
    const { withdrawal } = await requestWithdrawal(user, ask(bank.id, "100"), browser());
    await payFromCash(withdrawal.id);
    refuse = true;
    expect(await sendPayout(withdrawal.id)).toBeNull();
    refuse = false;
    expect(await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id } })).toMatchObject({ status: "FAILED", failureReason: expect.stringMatching(/cannot receive outbound payments/) });
    expect(await investorBalances(accountId)).toMatchObject({ INVESTOR_CASH: 100_000n, INVESTOR_CASH_HELD: 0n });
    expect((await trialBalance()).balanced).toBe(true);
  });
});
