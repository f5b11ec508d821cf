import type Stripe from "stripe";
import { recordAudit } from "../audit/record";
import { db, type Tx } from "../db";
import type { Deposit, DepositStatus, Prisma } from "../generated/prisma/client";
import { NO_REQUEST_CONTEXT } from "../http/request-context";
import { depositReceived } from "../notifications/notices";
import { notify } from "../notifications/notify";
import { enqueue } from "../outbox/outbox";
import { creditFromStripe, takeBackToStripe } from "./account-money";

export interface AppliedEvent {
  /** "applied", "duplicate", or "ignored: <why>" (recorded; Stripe gets a 200 and does not retry). */
  outcome: string;
  depositId: string | null;
  /** Outbox rows written with the change, to send once the transaction has committed. */
  outboxIds: string[];
}

interface Work {
  outcome: string;
  depositId: string | null;
  outboxIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SETTLED: DepositStatus[] = ["SUCCEEDED", "REFUNDED", "DISPUTED"];
const ignored = (why: string, depositId: string | null = null): Work => ({ outcome: `ignored: ${why}`, depositId, outboxIds: [] });

/**
 * Applies a verified Stripe event exactly once. The event id is recorded under a unique key in the same
 * transaction as its work: a redelivery, or ten at once, finds it and changes nothing; a failure rolls both
 * back so Stripe's retry does the work. Events may arrive in any order; a deposit never moves backwards.
 */
export async function applyStripeEvent(event: Stripe.Event): Promise<AppliedEvent> {
  return db.$transaction(
    async (tx) => {
      const { count } = await tx.stripeEvent.createMany({
        data: [{ id: event.id, type: event.type, livemode: event.livemode, stripeCreatedAt: new Date(event.created * 1000), outcome: "processing" }],
        skipDuplicates: true,
      });
      if (count === 0) return { outcome: "duplicate", depositId: null, outboxIds: [] };
      const work = await route(tx, event);
      await tx.stripeEvent.update({ where: { id: event.id }, data: { outcome: work.outcome, depositId: work.depositId } });
      return work;
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
}

async function route(tx: Tx, event: Stripe.Event): Promise<Work> {
  const object = event.data.object as unknown as Record<string, unknown>;
  switch (event.type) {
    case "payment_intent.processing":
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed": {
      const intent = object as unknown as Stripe.PaymentIntent;
      const deposit = await lockDeposit(tx, { id: intent.metadata?.deposit_id, paymentIntentId: intent.id });
      if (!deposit) return ignored("no deposit for this payment");
      if (event.type === "payment_intent.processing") return markProcessing(tx, deposit, intent.id);
      if (event.type === "payment_intent.payment_failed") return markFailed(tx, deposit, intent);
      return settle(tx, deposit, {
        amount: BigInt(intent.amount_received),
        currency: intent.currency,
        paymentIntentId: intent.id,
        chargeId: stringId(intent.latest_charge),
      });
    }
    case "checkout.session.completed": {
      const session = object as unknown as Stripe.Checkout.Session;
      const deposit = await lockDeposit(tx, {
        id: session.metadata?.deposit_id ?? session.client_reference_id ?? undefined,
        checkoutSessionId: session.id,
      });
      if (!deposit) return ignored("no deposit for this checkout session");
      const paymentIntentId = stringId(session.payment_intent);
      if (session.payment_status === "paid") {
        return settle(tx, deposit, { amount: BigInt(session.amount_total ?? -1), currency: session.currency ?? "", paymentIntentId, chargeId: null });
      }
      if (session.payment_status === "unpaid" && paymentIntentId) return markProcessing(tx, deposit, paymentIntentId);
      return ignored(`checkout session ${session.payment_status}`, deposit.id);
    }
    case "charge.refunded": {
      const charge = object as unknown as Stripe.Charge;
      const deposit = await lockDeposit(tx, {
        id: charge.metadata?.deposit_id,
        paymentIntentId: stringId(charge.payment_intent),
        chargeId: charge.id,
      });
      if (!deposit) return ignored("no deposit for this charge");
      return refund(tx, deposit, charge);
    }
    case "charge.dispute.created":
    case "charge.dispute.closed": {
      const dispute = object as unknown as Stripe.Dispute;
      const deposit = await lockDeposit(tx, { paymentIntentId: stringId(dispute.payment_intent), chargeId: stringId(dispute.charge) });
      if (!deposit) return ignored("no deposit for this dispute");
      return event.type === "charge.dispute.created" ? disputeOpened(tx, deposit, dispute) : disputeClosed(tx, deposit, dispute);
    }
    default:
      return ignored(`${event.type} is not an event Autovest acts on`);
  }
}

function stringId(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "id" in value && typeof value.id === "string") return value.id;
  return null;
}

/** Finds the deposit an event is about, and locks it: events for one deposit are applied one at a time. */
async function lockDeposit(
  tx: Tx,
  keys: { id?: string | null; paymentIntentId?: string | null; checkoutSessionId?: string | null; chargeId?: string | null },
): Promise<Deposit | null> {
  const where: Prisma.DepositWhereInput[] = [];
  if (keys.id && UUID.test(keys.id)) where.push({ id: keys.id });
  if (keys.paymentIntentId) where.push({ stripePaymentIntentId: keys.paymentIntentId });
  if (keys.checkoutSessionId) where.push({ stripeCheckoutSessionId: keys.checkoutSessionId });
  if (keys.chargeId) where.push({ stripeChargeId: keys.chargeId });
  if (where.length === 0) return null;
  const found = await tx.deposit.findFirst({ where: { OR: where }, select: { id: true } });
  if (!found) return null;
  await tx.$queryRaw`SELECT 1 FROM "Deposit" WHERE "id" = ${found.id}::uuid FOR UPDATE`;
  return tx.deposit.findUnique({ where: { id: found.id } });
}

async function audit(tx: Tx, action: Parameters<typeof recordAudit>[1]["action"], deposit: Deposit, details: Prisma.InputJsonObject) {
  await recordAudit(tx, {
    action,
    actorId: null,
    target: { type: "Deposit", id: deposit.id },
    context: NO_REQUEST_CONTEXT,
    details: { investmentAccountId: deposit.investmentAccountId, ...details },
  });
}

async function markProcessing(tx: Tx, deposit: Deposit, paymentIntentId: string): Promise<Work> {
  if (deposit.status !== "PENDING" && deposit.status !== "FAILED") return ignored(`deposit is already ${deposit.status.toLowerCase()}`, deposit.id);
  await tx.deposit.update({
    where: { id: deposit.id },
    data: { status: "PROCESSING", stripePaymentIntentId: deposit.stripePaymentIntentId ?? paymentIntentId, failureMessage: null },
  });
  await audit(tx, "DEPOSIT_PROCESSING", deposit, {});
  return { outcome: "applied", depositId: deposit.id, outboxIds: [] };
}

async function markFailed(tx: Tx, deposit: Deposit, intent: Stripe.PaymentIntent): Promise<Work> {
  if (SETTLED.includes(deposit.status)) return ignored(`deposit is already ${deposit.status.toLowerCase()}`, deposit.id);
  const message = intent.last_payment_error?.message ?? "The payment failed.";
  await tx.deposit.update({
    where: { id: deposit.id },
    data: { status: "FAILED", failureMessage: message.slice(0, 500), stripePaymentIntentId: deposit.stripePaymentIntentId ?? intent.id },
  });
  await audit(tx, "DEPOSIT_FAILED", deposit, { reason: message, code: intent.last_payment_error?.code ?? null });
  return { outcome: "applied", depositId: deposit.id, outboxIds: [] };
}

/** The payment succeeded: credit the investor once, tell them, and announce deposit/settled through the outbox. */
async function settle(
  tx: Tx,
  deposit: Deposit,
  payment: { amount: bigint; currency: string; paymentIntentId: string | null; chargeId: string | null },
): Promise<Work> {
  if (SETTLED.includes(deposit.status)) return ignored(`deposit is already ${deposit.status.toLowerCase()}`, deposit.id);
  if (payment.amount !== deposit.amount || payment.currency.toUpperCase() !== deposit.currency) {
    await audit(tx, "STRIPE_EVENT_REJECTED", deposit, {
      reason: "amount or currency does not match the deposit",
      expected: `${deposit.amount} ${deposit.currency}`,
      received: `${payment.amount} ${payment.currency}`,
    });
    return ignored("amount or currency does not match the deposit", deposit.id);
  }
  const credit = await creditFromStripe(tx, {
    investmentAccountId: deposit.investmentAccountId,
    amount: deposit.amount,
    idempotencyKey: `deposit:${deposit.id}:credit`,
    kind: "DEPOSIT",
    cause: { type: "Deposit", id: deposit.id },
  });
  await tx.deposit.update({
    where: { id: deposit.id },
    data: {
      status: "SUCCEEDED",
      settledAt: new Date(),
      failureMessage: null,
      stripePaymentIntentId: deposit.stripePaymentIntentId ?? payment.paymentIntentId,
      stripeChargeId: deposit.stripeChargeId ?? payment.chargeId,
    },
  });
  await audit(tx, "DEPOSIT_SUCCEEDED", deposit, { amount: deposit.amount.toString(), repaidDebt: credit.repaid.toString() });
  const outboxIds =
    credit.toCash > 0n
      ? [
          await enqueue(tx, {
            name: "deposit/settled",
            data: {
              depositId: deposit.id,
              investmentAccountId: deposit.investmentAccountId,
              amount: credit.toCash.toString(),
              currency: deposit.currency,
            },
          }),
        ]
      : [];
  const notified = await notify(tx, await depositReceived(tx, deposit));
  return { outcome: "applied", depositId: deposit.id, outboxIds: [...outboxIds, ...notified] };
}

/** A refund or dispute proves the payment succeeded, even if that event has not arrived yet. */
async function settleFirstIfNeeded(tx: Tx, deposit: Deposit, chargeId: string | null): Promise<{ deposit: Deposit; outboxIds: string[] }> {
  if (SETTLED.includes(deposit.status)) return { deposit, outboxIds: [] };
  const work = await settle(tx, deposit, { amount: deposit.amount, currency: deposit.currency, paymentIntentId: null, chargeId });
  return { deposit: await tx.deposit.findUniqueOrThrow({ where: { id: deposit.id } }), outboxIds: work.outboxIds };
}

async function refund(tx: Tx, original: Deposit, charge: Stripe.Charge): Promise<Work> {
  const refundedTotal = BigInt(charge.amount_refunded);
  if (refundedTotal > original.amount) return ignored("refund larger than the deposit", original.id);
  if (refundedTotal <= original.refundedAmount) return ignored("refund already applied", original.id);
  const { deposit, outboxIds } = await settleFirstIfNeeded(tx, original, charge.id);
  const amount = refundedTotal - deposit.refundedAmount;
  const taken = await takeBackToStripe(tx, {
    investmentAccountId: deposit.investmentAccountId,
    amount,
    idempotencyKey: `deposit:${deposit.id}:refund:${refundedTotal}`,
    kind: "REFUND",
    cause: { type: "Deposit", id: deposit.id },
  });
  await tx.deposit.update({
    where: { id: deposit.id },
    data: {
      refundedAmount: refundedTotal,
      status: refundedTotal === deposit.amount && deposit.status !== "DISPUTED" ? "REFUNDED" : deposit.status,
      stripeChargeId: deposit.stripeChargeId ?? charge.id,
    },
  });
  await audit(tx, "DEPOSIT_REFUNDED", deposit, { amount: amount.toString(), fromCash: taken.fromCash.toString(), owed: taken.shortfall.toString() });
  return { outcome: "applied", depositId: deposit.id, outboxIds };
}

async function disputeOpened(tx: Tx, original: Deposit, dispute: Stripe.Dispute): Promise<Work> {
  const amount = BigInt(dispute.amount);
  if (amount <= 0n || amount > original.amount) return ignored("dispute amount does not fit the deposit", original.id);
  const { deposit, outboxIds } = await settleFirstIfNeeded(tx, original, stringId(dispute.charge));
  const taken = await takeBackToStripe(tx, {
    investmentAccountId: deposit.investmentAccountId,
    amount,
    idempotencyKey: `deposit:${deposit.id}:dispute:${dispute.id}`,
    kind: "DISPUTE",
    cause: { type: "Deposit", id: deposit.id },
  });
  if (!taken.created) return ignored("dispute already applied", deposit.id);
  await tx.deposit.update({ where: { id: deposit.id }, data: { status: "DISPUTED", disputedAmount: deposit.disputedAmount + amount } });
  await audit(tx, "DEPOSIT_DISPUTED", deposit, { disputeId: dispute.id, amount: amount.toString(), owed: taken.shortfall.toString() });
  return { outcome: "applied", depositId: deposit.id, outboxIds };
}

async function disputeClosed(tx: Tx, deposit: Deposit, dispute: Stripe.Dispute): Promise<Work> {
  const opened = await tx.journalEntry.findUnique({ where: { idempotencyKey: `deposit:${deposit.id}:dispute:${dispute.id}` } });
  if (!opened) return ignored("dispute closed before it was opened here", deposit.id);
  if (dispute.status === "lost") {
    await audit(tx, "DEPOSIT_DISPUTE_LOST", deposit, { disputeId: dispute.id });
    return { outcome: "applied", depositId: deposit.id, outboxIds: [] };
  }
  if (dispute.status !== "won") return ignored(`dispute closed as ${dispute.status}`, deposit.id);
  const amount = BigInt(dispute.amount);
  const credit = await creditFromStripe(tx, {
    investmentAccountId: deposit.investmentAccountId,
    amount,
    idempotencyKey: `deposit:${deposit.id}:dispute:${dispute.id}:won`,
    kind: "REVERSAL",
    cause: { type: "Deposit", id: deposit.id },
  });
  if (!credit.created) return ignored("dispute already closed", deposit.id);
  const disputedAmount = deposit.disputedAmount - amount;
  await tx.deposit.update({
    where: { id: deposit.id },
    data: {
      disputedAmount,
      status: disputedAmount > 0n ? "DISPUTED" : deposit.refundedAmount === deposit.amount ? "REFUNDED" : "SUCCEEDED",
    },
  });
  await audit(tx, "DEPOSIT_DISPUTE_WON", deposit, { disputeId: dispute.id, amount: amount.toString(), repaidDebt: credit.repaid.toString() });
  return { outcome: "applied", depositId: deposit.id, outboxIds: [] };
}
