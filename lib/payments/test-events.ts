/**
 * Stripe events for the local test-payment mode and for tests: the same shapes Stripe sends (the fields
 * Stripe documents, not just the ones we read), signed the way Stripe signs them. Never used in production.
 */
import { randomBytes } from "node:crypto";
import { env } from "../env";
import { stripe } from "./stripe";

const API_VERSION = "2026-10-28.endive";

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

export function event(type: string, object: Record<string, unknown>, overrides: { id?: string; created?: number } = {}) {
  return {
    id: overrides.id ?? testId("evt"),
    object: "event",
    api_version: API_VERSION,
    created: overrides.created ?? now(),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

export function paymentIntent(
  payment: TestPayment,
  status: "processing" | "succeeded" | "requires_payment_method",
  failure?: { code: string; decline_code?: string; message: string },
) {
  const succeeded = status === "succeeded";
  return {
    id: payment.paymentIntentId,
    object: "payment_intent",
    amount: Number(payment.amount),
    amount_capturable: 0,
    amount_received: succeeded ? Number(payment.amount) : 0,
    capture_method: "automatic",
    client_secret: `${payment.paymentIntentId}_secret_${randomBytes(8).toString("hex")}`,
    confirmation_method: "automatic",
    created: now(),
    currency: payment.currency.toLowerCase(),
    customer: null,
    description: "Deposit to Autovest",
    last_payment_error: failure ? { type: "card_error", ...failure } : null,
    latest_charge: status === "requires_payment_method" && !failure ? null : payment.chargeId,
    livemode: false,
    metadata: { deposit_id: payment.depositId },
    payment_method: `pm_test_${payment.method}`,
    payment_method_types: [payment.method],
    processing: status === "processing" ? { type: payment.method } : null,
    status,
  };
}

export function charge(payment: TestPayment, options: { amountRefunded?: bigint; disputed?: boolean } = {}) {
  const refunded = options.amountRefunded ?? 0n;
  return {
    id: payment.chargeId,
    object: "charge",
    amount: Number(payment.amount),
    amount_captured: Number(payment.amount),
    amount_refunded: Number(refunded),
    captured: true,
    created: now(),
    currency: payment.currency.toLowerCase(),
    disputed: options.disputed ?? false,
    livemode: false,
    metadata: { deposit_id: payment.depositId },
    paid: true,
    payment_intent: payment.paymentIntentId,
    payment_method_details: { type: payment.method },
    refunded: refunded === payment.amount,
    status: "succeeded",
  };
}

export function dispute(payment: TestPayment, id: string, status: "needs_response" | "won" | "lost", amount = payment.amount) {
  return {
    id,
    object: "dispute",
    amount: Number(amount),
    charge: payment.chargeId,
    created: now(),
    currency: payment.currency.toLowerCase(),
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: payment.paymentIntentId,
    reason: "fraudulent",
    status,
  };
}

export function checkoutSession(payment: TestPayment, sessionId: string, paymentStatus: "paid" | "unpaid") {
  return {
    id: sessionId,
    object: "checkout.session",
    amount_subtotal: Number(payment.amount),
    amount_total: Number(payment.amount),
    client_reference_id: payment.depositId,
    created: now(),
    currency: payment.currency.toLowerCase(),
    livemode: false,
    metadata: { deposit_id: payment.depositId },
    mode: "payment",
    payment_intent: payment.paymentIntentId,
    payment_method_types: [payment.method],
    payment_status: paymentStatus,
    status: "complete",
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
