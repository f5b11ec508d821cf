/**
 * Stripe events for the local test-payment mode and for tests, built from Stripe's published example objects
 * (./stripe-examples, see SOURCE.md): every field Stripe's objects have, not just the ones we read, with only
 * ids, times, amounts, metadata and statuses set for the scenario; signed the way Stripe signs them. Never used
 * in production.
 */
import { randomBytes } from "node:crypto";
import { env } from "../env";
import { stripe } from "./stripe";
import publishedCharge from "./stripe-examples/charge.json";
import publishedCheckoutSession from "./stripe-examples/checkout_session.json";
import publishedDispute from "./stripe-examples/dispute.json";
import publishedEvent from "./stripe-examples/event.json";
import publishedPaymentIntent from "./stripe-examples/payment_intent.json";
import publishedPaymentMethod from "./stripe-examples/payment_method.json";
import publishedRefund from "./stripe-examples/refund.json";
import publishedSetupIntent from "./stripe-examples/setup_intent.json";

export const testId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

export interface TestPayment {
  depositId: string;
  paymentIntentId: string;
  chargeId: string;
  amount: bigint;
  currency: string;
  method: "card" | "us_bank_account";
}

/** The published event wrapping `object`. */
export function event(type: string, object: object, overrides: { id?: string; created?: number } = {}) {
  return { ...structuredClone(publishedEvent), created: overrides.created ?? now(), data: { object }, id: overrides.id ?? testId("evt"), type };
}

export function paymentIntent(
  payment: TestPayment,
  status: "processing" | "succeeded" | "requires_payment_method",
  failure?: { code: string; decline_code?: string; message: string },
) {
  const amount = Number(payment.amount);
  return {
    ...structuredClone(publishedPaymentIntent),
    amount,
    amount_received: status === "succeeded" ? amount : 0,
    client_secret: `${payment.paymentIntentId}_secret_${randomBytes(12).toString("hex")}`,
    created: now(),
    currency: payment.currency.toLowerCase(),
    id: payment.paymentIntentId,
    last_payment_error: failure ? { type: "card_error", ...failure } : null,
    latest_charge: status === "requires_payment_method" && !failure ? null : payment.chargeId,
    metadata: { deposit_id: payment.depositId },
    payment_method_types: [payment.method],
    processing: status === "processing" ? { type: payment.method } : null,
    status,
  };
}

/** The charge of a payment; `refunds` is the list Stripe includes only when asked (webhooks send it empty). */
export function charge(payment: TestPayment, options: { amountRefunded?: bigint; disputed?: boolean; refunds?: object[] } = {}) {
  const published = structuredClone(publishedCharge);
  const refunded = options.amountRefunded ?? 0n;
  return {
    ...published,
    amount: Number(payment.amount),
    amount_captured: Number(payment.amount),
    amount_refunded: Number(refunded),
    captured: true,
    created: now(),
    currency: payment.currency.toLowerCase(),
    disputed: options.disputed ?? false,
    id: payment.chargeId,
    metadata: { deposit_id: payment.depositId },
    payment_intent: payment.paymentIntentId,
    refunded: refunded === payment.amount,
    refunds: { ...published.refunds, data: options.refunds ?? [], url: `/v1/charges/${payment.chargeId}/refunds` },
    status: "succeeded",
  };
}

export type RefundStatus = "pending" | "requires_action" | "succeeded" | "failed" | "canceled";

/**
 * A refund of a payment. A failed one carries what Stripe adds on failure: its reason and the balance
 * transaction that gave the money back to the platform's Stripe balance.
 */
export function refund(payment: TestPayment, id: string, status: RefundStatus, amount = payment.amount, failureReason = "expired_or_canceled_card") {
  const refunded = {
    ...structuredClone(publishedRefund),
    amount: Number(amount),
    charge: payment.chargeId,
    created: now(),
    currency: payment.currency.toLowerCase(),
    id,
    payment_intent: payment.paymentIntentId,
    status,
  };
  return status === "failed" ? { ...refunded, failure_balance_transaction: testId("txn"), failure_reason: failureReason } : refunded;
}

export function dispute(payment: TestPayment, id: string, status: "needs_response" | "won" | "lost", amount = payment.amount) {
  return {
    ...structuredClone(publishedDispute),
    amount: Number(amount),
    charge: payment.chargeId,
    created: now(),
    currency: payment.currency.toLowerCase(),
    id,
    payment_intent: payment.paymentIntentId,
    status,
  };
}

export function checkoutSession(payment: TestPayment, sessionId: string, paymentStatus: "paid" | "unpaid") {
  return {
    ...structuredClone(publishedCheckoutSession),
    amount_subtotal: Number(payment.amount),
    amount_total: Number(payment.amount),
    client_reference_id: payment.depositId,
    created: now(),
    currency: payment.currency.toLowerCase(),
    id: sessionId,
    metadata: { deposit_id: payment.depositId },
    payment_intent: payment.paymentIntentId,
    payment_status: paymentStatus,
    status: "complete",
    url: `https://checkout.stripe.com/pay/c/${sessionId}`,
  };
}

/** The body and Stripe-Signature header Stripe would send for `payload`. */
export function signed(payload: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const body = JSON.stringify(payload, null, 2);
  const header = stripe().webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? env().STRIPE_WEBHOOK_SECRET ?? "",
    timestamp: options.timestamp,
  });
  return { body, header };
}

export interface TestBank {
  paymentMethodId: string;
  customerId: string | null;
  bankName: string;
  last4: string;
  accountType: "checking" | "savings";
  holderName: string;
}

/** A us_bank_account PaymentMethod: the published one with the bank-account hash in place of the card's. */
export function bankPaymentMethod(bank: TestBank) {
  const { card: _card, ...published } = structuredClone(publishedPaymentMethod);
  return {
    ...published,
    billing_details: { ...published.billing_details, name: bank.holderName, email: null, phone: null },
    created: now(),
    customer: bank.customerId,
    id: bank.paymentMethodId,
    metadata: {},
    type: "us_bank_account",
    us_bank_account: {
      account_holder_type: "individual",
      account_type: bank.accountType,
      bank_name: bank.bankName,
      financial_connections_account: null,
      fingerprint: randomBytes(8).toString("hex"),
      last4: bank.last4,
      networks: { preferred: "ach", supported: ["ach"] },
      routing_number: "110000000",
      status_details: {},
    },
  };
}

/**
 * A SetupIntent for a bank account: succeeded (linked and verified), requires_action (waiting for
 * microdeposits) or requires_payment_method after a failure; its PaymentMethod expanded.
 */
export function setupIntent(
  id: string,
  bank: TestBank,
  status: "succeeded" | "requires_action" | "requires_payment_method",
  metadata: Record<string, string>,
  failure?: { code: string; message: string },
) {
  return {
    ...structuredClone(publishedSetupIntent),
    client_secret: `${id}_secret_${randomBytes(12).toString("hex")}`,
    created: now(),
    customer: bank.customerId,
    id,
    last_setup_error: failure ? { type: "invalid_request_error", ...failure } : null,
    latest_attempt: testId("setatt"),
    metadata,
    next_action: status === "requires_action" ? { type: "verify_with_microdeposits" } : null,
    payment_method: bankPaymentMethod(bank),
    payment_method_types: ["us_bank_account"],
    status,
  };
}
