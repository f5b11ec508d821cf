import Stripe from "stripe";
import { env } from "../env";

let client: Stripe | undefined;

/**
 * The Stripe SDK. Webhook signatures are checked without a key; API calls need STRIPE_SECRET_KEY. Tests
 * point STRIPE_API_URL at a local server that plays Stripe's part.
 */
export function stripe(): Stripe {
  if (client) return client;
  const config = env();
  const api = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null;
  client = new Stripe(config.STRIPE_SECRET_KEY ?? "sk_test_webhook_verification_only", {
    maxNetworkRetries: 2,
    timeout: 15_000,
    appInfo: { name: "Autovest" },
    ...(api ? { host: api.hostname, port: api.port, protocol: api.protocol === "https:" ? "https" : "http" } : {}),
  });
  return client;
}

/** Forgets the client (tests that change STRIPE_* between cases). */
export function resetStripe(): void {
  client = undefined;
}

export type StripeEvent = Stripe.Event;
