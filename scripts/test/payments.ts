import { randomUUID } from "node:crypto";
import { db } from "../../lib/db";
import { cashOverview } from "../../lib/investing/portfolio";
import { postJournalEntry } from "../../lib/ledger/post";
import { linkTestBankAccount } from "../../lib/payments/bank-accounts";
import { requestDeposit } from "../../lib/payments/deposits";
import { event, paymentIntent, signed, testId, type TestPayment } from "../../lib/payments/test-events";
import { receiveStripeWebhook } from "../../lib/payments/webhook";
import { browser, createInvestor } from "./factories";

/** Signs `payload` as Stripe would and hands the raw body and header to the webhook's entry point. */
export const deliver = (payload: unknown, options?: { secret?: string; timestamp?: number }) => {
  const { body, header } = signed(payload, options);
  return receiveStripeWebhook(body, header);
};

/** A verified investor's pending deposit of `amount` dollars, and the Stripe payment that will pay it. */
export async function pendingDeposit(amount = "500.00", method: "CARD" | "US_BANK_ACCOUNT" = "CARD") {
  const investor = await createInvestor({ verified: true });
  const { deposit } = await requestDeposit(investor.user, { amount, method, requestKey: randomUUID() }, browser());
  const payment: TestPayment = {
    depositId: deposit.id,
    paymentIntentId: testId("pi"),
    chargeId: testId("ch"),
    amount: deposit.amount,
    currency: "USD",
    method: method === "CARD" ? "card" : "us_bank_account",
  };
  return { ...investor, deposit, payment };
}

/** A deposit whose card payment succeeded: its amount is the investor's available cash. */
export async function settledDeposit(amount = "500.00") {
  const setup = await pendingDeposit(amount);
  await deliver(event("payment_intent.succeeded", paymentIntent(setup.payment, "succeeded")));
  return setup;
}

/** Moves available cash to held, as the invest workflow does when it places orders. */
export async function holdForOrders(accountId: string, ledger: { INVESTOR_CASH: bigint; INVESTOR_CASH_HELD: bigint }, amount: bigint) {
  await postJournalEntry(db, {
    idempotencyKey: `invest-${accountId}-${amount}`,
    kind: "TRADE",
    postings: [{ account: ledger.INVESTOR_CASH, amount: -amount }, { account: ledger.INVESTOR_CASH_HELD, amount }],
  });
}

/** What the investor sees: available, held and owed cents, and whether the account is restricted. */
export async function moneyOf(user: Parameters<typeof cashOverview>[0]) {
  const { cash, held, owed, status } = await cashOverview(user);
  return { cash, held, owed, status };
}

/** The deposit's journal entries in order: key, kind and the sum of its postings (zero when balanced). */
export async function entriesOf(depositId: string) {
  const entries = await db.journalEntry.findMany({ where: { causeType: "Deposit", causeId: depositId }, orderBy: { id: "asc" } });
  const sums = await db.posting.groupBy({ by: ["entryId"], where: { entryId: { in: entries.map((e) => e.id) } }, _sum: { amount: true } });
  return entries.map((entry) => ({
    key: entry.idempotencyKey.replace(`deposit:${depositId}:`, ""),
    kind: entry.kind,
    sum: sums.find((row) => row.entryId === entry.id)?._sum.amount ?? null,
  }));
}

/** The audit actions recorded about a deposit or an account, oldest first. */
export async function auditActionsOf(targetId: string) {
  return (await db.auditLog.findMany({ where: { targetId }, orderBy: { id: "asc" }, select: { action: true } })).map((row) => row.action);
}

/** Delivers a signed event to the webhook in this process (the test-payment mode's `deliver`, without HTTP). */
export const inProcess = ({ body, header }: { body: string; header: string }) => receiveStripeWebhook(body, header).then(() => undefined);

/** Links one of Stripe's test bank accounts for `user` (000123456789 succeeds; see TEST_BANK_ACCOUNTS). */
export async function linkTestBank(user: Parameters<typeof linkTestBankAccount>[0], accountNumber = "000123456789") {
  const { setupIntentId } = await linkTestBankAccount(user, { holderName: user.name, routingNumber: "110000000", accountNumber, accountType: "checking" }, inProcess);
  return db.linkedBankAccount.findUniqueOrThrow({ where: { stripeSetupIntentId: setupIntentId } });
}
