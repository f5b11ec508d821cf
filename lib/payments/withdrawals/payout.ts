/**
 * Paying a withdrawal out through Stripe, and what Stripe then says about it.
 *
 * With Stripe keys: a Treasury OutboundPayment from the platform's financial account (STRIPE_FINANCIAL_ACCOUNT) to the
 * investor's linked us_bank_account PaymentMethod (ACH), under Stripe's idempotency key `withdrawal:<id>:payout`, so
 * a step run again creates one payment (docs/payments.md says why this and not Payouts). Without keys (development,
 * tests; never production): the local test-payment mode sends the genuinely signed events such a payment produces
 * to our own webhook: posted, then returned for Stripe's test account numbers that the bank returns.
 *
 * Events (applied once each, through the StripeEvent table): treasury.outbound_payment.posted → paid;
 * .failed / .canceled → failed, the money back in cash; .returned (after posted, days later) → returned, back in cash.
 */
import type Stripe from "stripe";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "../../db";
import { env } from "../../env";
import type { LinkedBankAccount, Withdrawal } from "../../generated/prisma/client";
import { formatMoney } from "../../money";
import type { AppliedEvent } from "../deposit-record";
import { stripe } from "../stripe";
import { event, signed, testId } from "../test-events";
import type { DeliverEvent } from "../test-payments";
import { returnToCash } from "./money";
import { lockWithdrawal, moveWithdrawal } from "./record";

/** Stripe's returned_details.code, in the investor's words. */
const RETURN_REASONS: Record<string, string> = {
  account_closed: "Your bank says the account is closed.",
  account_frozen: "Your bank says the account is frozen.",
  bank_account_restricted: "Your bank says the account cannot receive this payment.",
  bank_ownership_changed: "Your bank says the account's branch changed owner.",
  declined: "Your bank declined the payment.",
  incorrect_account_holder_name: "Your bank says the account holder's name does not match.",
  invalid_account_number: "Your bank says the account number is not valid.",
  invalid_currency: "Your bank could not take a payment in this currency.",
  no_account: "Your bank says there is no such account.",
  other: "Your bank sent it back.",
};

/**
 * What a Stripe test bank account does with a payment to it, by its last four digits (Stripe's test numbers:
 * 000123456789 succeeds; 000111111113 closed; 000111111116 no account). The linking flow keeps no full number.
 */
export function testPayoutOutcome(bank: Pick<LinkedBankAccount, "last4">): { returned: string | null } {
  if (bank.last4 === "1113") return { returned: "account_closed" };
  if (bank.last4 === "1116") return { returned: "no_account" };
  return { returned: null };
}

type OutboundStatus = "processing" | "posted" | "failed" | "canceled" | "returned";

/** A treasury.outbound_payment as Stripe's API reference shows it, for the test-payment mode and tests. */
export function outboundPayment(
  w: Pick<Withdrawal, "id" | "currency"> & { amount: bigint },
  id: string,
  status: OutboundStatus,
  bank: Pick<LinkedBankAccount, "bankName" | "last4" | "stripePaymentMethodId">,
  returnedCode?: string,
) {
  const now = Math.floor(Date.now() / 1000);
  return {
    id,
    object: "treasury.outbound_payment",
    amount: Number(w.amount),
    cancelable: status === "processing",
    created: now,
    currency: w.currency.toLowerCase(),
    customer: null,
    description: "Autovest withdrawal",
    destination_payment_method: bank.stripePaymentMethodId,
    destination_payment_method_details: {
      billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null },
      type: "us_bank_account",
      us_bank_account: { account_holder_type: "individual", bank_name: bank.bankName, fingerprint: randomBytes(8).toString("hex"), last4: bank.last4, network: "ach", routing_number: "110000000" },
    },
    end_user_details: { ip_address: null, present: false },
    expected_arrival_date: now + 86_400,
    financial_account: env().STRIPE_FINANCIAL_ACCOUNT ?? "fa_test_autovest",
    hosted_regulatory_receipt_url: `https://payments.stripe.com/regulatory-receipt/${id}`,
    livemode: false,
    metadata: { withdrawal_id: w.id },
    returned_details: status === "returned" ? { code: returnedCode ?? "other", transaction: testId("trxn") } : null,
    statement_descriptor: "AUTOVEST",
    status,
    status_transitions: {
      canceled_at: status === "canceled" ? now : null,
      failed_at: status === "failed" ? now : null,
      posted_at: status === "posted" || status === "returned" ? now : null,
      returned_at: status === "returned" ? now : null,
    },
    transaction: testId("trxn"),
  };
}

const overHttp: DeliverEvent = async ({ body, header }) => {
  const response = await fetch(`${env().appUrl}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header },
    body,
  });
  if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
};

/** Stripe refused the payment for good (not a network or server error): nothing will be sent. */
function isDefinitive(error: unknown): error is Stripe.errors.StripeError {
  const type = (error as { type?: string } | null)?.type;
  return type === "StripeInvalidRequestError" || type === "StripeCardError" || type === "StripePermissionError";
}

/**
 * Asks Stripe to pay a withdrawal that is paying (once: Stripe's idempotency key makes a repeat the same payment).
 * In the test-payment mode, delivers the payment's events to the webhook instead. Returns the payment's id.
 */
export async function sendPayout(withdrawalId: string, deliver: DeliverEvent = overHttp): Promise<string | null> {
  const w = await db.withdrawal.findUniqueOrThrow({
    where: { id: withdrawalId },
    include: { bankAccount: true, investmentAccount: { select: { user: { select: { stripeCustomerId: true } } } } },
  });
  if (w.status !== "PAYING" || w.paidAmount === null) return w.stripePaymentId;
  if (w.testMode) return sendTestPayout(w, w.bankAccount, deliver);
  if (w.stripePaymentId) return w.stripePaymentId;
  const config = env();
  if (!config.STRIPE_FINANCIAL_ACCOUNT) throw new Error("STRIPE_FINANCIAL_ACCOUNT is not configured: withdrawals cannot be paid");
  let payment: Stripe.Treasury.OutboundPayment;
  try {
    payment = await stripe().treasury.outboundPayments.create(
      {
        financial_account: config.STRIPE_FINANCIAL_ACCOUNT,
        amount: Number(w.paidAmount),
        currency: w.currency.toLowerCase(),
        customer: w.investmentAccount.user.stripeCustomerId ?? undefined,
        destination_payment_method: w.bankAccount.stripePaymentMethodId ?? undefined,
        description: "Autovest withdrawal",
        statement_descriptor: "AUTOVEST",
        metadata: { withdrawal_id: w.id },
      },
      { idempotencyKey: `withdrawal:${w.id}:payout` },
    );
  } catch (error) {
    if (!isDefinitive(error)) throw error;
    await failBeforeSending(w.id, `Stripe could not send it: ${error.message}`);
    return null;
  }
  await db.withdrawal.update({ where: { id: w.id }, data: { stripePaymentId: payment.id } });
  return payment.id;
}

async function sendTestPayout(w: Withdrawal, bank: LinkedBankAccount, deliver: DeliverEvent): Promise<string> {
  const id = w.stripePaymentId ?? testId("obp");
  if (!w.stripePaymentId) await db.withdrawal.update({ where: { id: w.id }, data: { stripePaymentId: id } });
  const amount = { id: w.id, currency: w.currency, amount: w.paidAmount! };
  const { returned } = testPayoutOutcome(bank);
  await deliver(signed(event("treasury.outbound_payment.posted", outboundPayment(amount, id, "posted", bank))));
  if (returned) await deliver(signed(event("treasury.outbound_payment.returned", outboundPayment(amount, id, "returned", bank, returned))));
  return id;
}

/** Stripe refused the payment outright: the money never left, so it goes back to cash. */
async function failBeforeSending(withdrawalId: string, reason: string) {
  await db.$transaction(async (tx) => {
    const w = await lockWithdrawal(tx, withdrawalId);
    if (!w || w.status !== "PAYING") return;
    await returnToCash(tx, w, "Withdrawal could not be sent: the money is back in cash");
    await moveWithdrawal(tx, w, "FAILED", { data: { failureReason: reason.slice(0, 500) }, details: { reason } });
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ignored = (why: string, withdrawalId: string | null = null): AppliedEvent & { withdrawalId: string | null } => ({
  outcome: `ignored: ${why}`,
  depositId: null,
  withdrawalId,
  outboxIds: [],
});

/** Applies a treasury.outbound_payment event to its withdrawal, in the webhook's transaction. */
export async function applyOutboundPaymentEvent(tx: Tx, type: string, payment: Stripe.Treasury.OutboundPayment): Promise<AppliedEvent & { withdrawalId: string | null }> {
  const named = payment.metadata?.withdrawal_id;
  const byId = await tx.withdrawal.findFirst({
    where: { OR: [{ stripePaymentId: payment.id }, ...(named && UUID.test(named) ? [{ id: named }] : [])] },
    select: { id: true },
  });
  if (!byId) return ignored("no withdrawal for this outbound payment");
  const w = (await lockWithdrawal(tx, byId.id))!;
  if (w.paidAmount === null || BigInt(payment.amount) !== w.paidAmount || payment.currency.toUpperCase() !== w.currency) {
    return ignored(`amount or currency does not match the withdrawal (${formatMoney(BigInt(payment.amount), payment.currency.toUpperCase())})`, w.id);
  }
  const done = (outboxIds: string[]) => ({ outcome: "applied", depositId: null, withdrawalId: w.id, outboxIds });
  switch (type) {
    case "treasury.outbound_payment.posted":
      if (w.status !== "PAYING") return ignored(`withdrawal is already ${w.status.toLowerCase()}`, w.id);
      return done((await moveWithdrawal(tx, w, "PAID", { data: { paidAt: new Date() }, details: { stripePaymentId: payment.id } })).outboxIds);
    case "treasury.outbound_payment.failed":
    case "treasury.outbound_payment.canceled": {
      if (w.status !== "PAYING") return ignored(`withdrawal is already ${w.status.toLowerCase()}`, w.id);
      const reason = type.endsWith("failed") ? "Stripe could not send the payment to your bank." : "The payment to your bank was canceled.";
      await returnToCash(tx, w, "Withdrawal could not be sent: the money is back in cash");
      return done((await moveWithdrawal(tx, w, "FAILED", { data: { failureReason: reason }, details: { stripePaymentId: payment.id, reason } })).outboxIds);
    }
    case "treasury.outbound_payment.returned": {
      if (w.status !== "PAYING" && w.status !== "PAID") return ignored(`withdrawal is already ${w.status.toLowerCase()}`, w.id);
      const code = payment.returned_details?.code ?? "other";
      const reason = RETURN_REASONS[code] ?? RETURN_REASONS.other!;
      await returnToCash(tx, w, "Withdrawal returned by the bank: the money is back in cash");
      return done((await moveWithdrawal(tx, w, "RETURNED", { data: { failureReason: reason }, details: { stripePaymentId: payment.id, code } })).outboxIds);
    }
    default:
      return ignored(`${type} is not an event Autovest acts on`, w.id);
  }
}
