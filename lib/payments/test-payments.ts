/**
 * The local test-payment mode (no Stripe keys; never in production): the deposit page pays with a test card
 * or bank account, and this sends the genuinely signed Stripe events such a payment produces to our own
 * webhook, over HTTP, exactly as Stripe would.
 */
import { z } from "zod";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { env } from "../env";
import { Conflict, Forbidden, NotFound } from "../errors";
import { parseInput } from "../validation";
import { investmentAccountOf } from "./deposits";
import { event, paymentIntent, signed, testId, type TestPayment } from "./test-events";

export const TEST_SCENARIOS = {
  card_success: { label: "Test card 4242 4242 4242 4242 (succeeds)", method: "CARD" },
  card_declined: { label: "Test card 4000 0000 0000 0002 (declined)", method: "CARD" },
  bank_transfer: { label: "Test US bank account (settles in a few days)", method: "US_BANK_ACCOUNT" },
} as const;
export type TestScenario = keyof typeof TEST_SCENARIOS;

/** Sends one signed event to the webhook; the default goes over HTTP to this app's own route. */
export type DeliverEvent = (signedEvent: { body: string; header: string }) => Promise<void>;

export const overHttp: DeliverEvent = async ({ body, header }) => {
  const response = await fetch(`${env().appUrl}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header },
    body,
  });
  if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
};

async function testDeposit(user: CurrentUser, depositId: string) {
  if (!env().testPayments) throw new Forbidden("Test payments are only available without Stripe keys, outside production.");
  const account = await investmentAccountOf(user);
  const deposit = await db.deposit.findFirst({ where: { id: depositId, investmentAccountId: account.id } });
  if (!deposit) throw new NotFound("No such deposit.");
  if (!deposit.testMode) throw new Conflict("This deposit is paid through Stripe.");
  return deposit;
}

const paymentOf = (deposit: { id: string; amount: bigint; currency: string; method: string; stripePaymentIntentId: string | null; stripeChargeId: string | null }): TestPayment => ({
  depositId: deposit.id,
  paymentIntentId: deposit.stripePaymentIntentId ?? testId("pi"),
  chargeId: deposit.stripeChargeId ?? testId("ch"),
  amount: deposit.amount,
  currency: deposit.currency,
  method: deposit.method === "CARD" ? "card" : "us_bank_account",
});

const succeeded = (payment: TestPayment) => signed(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")));
const failed = (payment: TestPayment, error: { code: string; decline_code?: string; message: string }) =>
  signed(event("payment_intent.payment_failed", paymentIntent(payment, "requires_payment_method", error)));

const payInput = z.object({
  depositId: z.uuid(),
  scenario: z.enum(Object.keys(TEST_SCENARIOS) as [TestScenario, ...TestScenario[]], { error: "Choose a test payment method." }),
});

/** Pays a pending test-mode deposit: a card that succeeds or is declined, or a bank transfer that settles later. */
export async function payWithTestMethod(user: CurrentUser, input: unknown, deliver: DeliverEvent = overHttp): Promise<void> {
  const { depositId, scenario } = parseInput(payInput, input);
  const deposit = await testDeposit(user, depositId);
  if (deposit.status !== "PENDING") throw new Conflict("This deposit has already been paid.");
  const payment = paymentOf(deposit);
  if (scenario === "card_success") {
    await deliver(succeeded(payment));
  } else if (scenario === "card_declined") {
    await deliver(failed(payment, { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." }));
  } else {
    await deliver(signed(event("payment_intent.processing", paymentIntent(payment, "processing"))));
  }
}

const settleInput = z.object({ depositId: z.uuid(), outcome: z.enum(["succeeded", "failed"]) });

/** Ends a test bank transfer the way the bank would, days later: it settles, or it bounces. */
export async function settleTestBankTransfer(user: CurrentUser, input: unknown, deliver: DeliverEvent = overHttp): Promise<void> {
  const { depositId, outcome } = parseInput(settleInput, input);
  const deposit = await testDeposit(user, depositId);
  if (deposit.status !== "PROCESSING") throw new Conflict("Only a bank transfer in progress can settle.");
  const payment = paymentOf(deposit);
  await deliver(
    outcome === "succeeded"
      ? succeeded(payment)
      : failed(payment, { code: "insufficient_funds", message: "The bank account could not be debited: insufficient funds." }),
  );
}
