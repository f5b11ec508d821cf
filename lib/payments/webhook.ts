import type Stripe from "stripe";
import { env } from "../env";
import { DomainError } from "../errors";
import { applyStripeEvent } from "./apply-event";
import { expandBankEvent } from "./bank-accounts";
import type { AppliedEvent } from "./deposit-record";
import { stripe } from "./stripe";

/** A request that is not a genuine, fresh Stripe event: 400, and nothing is recorded. */
export class InvalidWebhook extends DomainError {
  readonly code = "invalid_webhook";
  readonly status = 400;
}

/**
 * Verifies the signature on the raw body (and that it is under five minutes old), then applies the event.
 * Any failure past verification propagates, so the route answers 500 and Stripe retries.
 */
export async function receiveStripeWebhook(rawBody: string, signature: string | null): Promise<AppliedEvent> {
  if (!signature) throw new InvalidWebhook("The Stripe-Signature header is missing.");
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error("STRIPE_WEBHOOK_SECRET is not configured");
  let event: Stripe.Event;
  try {
    event = stripe().webhooks.constructEvent(rawBody, signature, secret);
  } catch (error) {
    throw new InvalidWebhook(`The Stripe signature could not be verified: ${error instanceof Error ? error.message : "invalid payload"}`);
  }
  const object = (event as { data?: { object?: unknown } }).data?.object;
  if (typeof event.id !== "string" || !event.id.startsWith("evt_") || typeof event.type !== "string" || !object || typeof object !== "object") {
    throw new InvalidWebhook("The body is not a Stripe event.");
  }
  return applyStripeEvent(await expandBankEvent(event));
}
