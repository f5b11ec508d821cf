import type Stripe from "stripe";
import { db, type Tx } from "../db";
import type { Deposit, DepositStatus, Prisma } from "../generated/prisma/client";
import { depositFailed, depositReceived } from "../notifications/notices";
import { notify } from "../notifications/notify";
import { notifyAccountChanged } from "../live/notify";
import { enqueue } from "../outbox/outbox";
import { creditFromStripe, takeBackToStripe } from "./account-money";
import { applyBankAccountEvent } from "./bank-accounts";
import { applied, auditDeposit as audit, ignored, settledStatus, type AppliedEvent } from "./deposit-record";
import { applyOutboundPaymentEvent } from "./withdrawals/payout";
import { periodDebitFailed, periodDebitSucceeded } from "./recurring/outcomes";
import { applyRefund, applyWaitingRefunds, keepUntilPaymentSettles, readRefund, refundMisfit, type RefundReport } from "./refunds";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SETTLED: DepositStatus[] = ["SUCCEEDED", "REFUNDED", "DISPUTED"];

/**
 * Applies a verified Stripe event exactly once. The event id is recorded under a unique key in the same
 * transaction as its work: a redelivery, or ten at once, finds it and changes nothing; a failure rolls both
 * back so Stripe's retry does the work. Events may arrive in any order; a deposit never moves backwards (a
 * refund that fails gives back what it took, and a late event for it changes nothing).
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
      if (work.depositId && work.outcome === "applied") await notifyDepositChanged(tx, work.depositId);
      await tx.stripeEvent.update({ where: { id: event.id }, data: { outcome: work.outcome, depositId: work.depositId, withdrawalId: work.withdrawalId ?? null } });
      return work;
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
}

/** Tells the deposit's owner's open pages (lib/live) that it moved, once the event's transaction commits. */
async function notifyDepositChanged(tx: Tx, depositId: string): Promise<void> {
  const deposit = await tx.deposit.findUnique({ where: { id: depositId }, select: { investmentAccountId: true } });
  if (deposit) await notifyAccountChanged(tx, deposit.investmentAccountId, "deposit");
}

async function route(tx: Tx, event: Stripe.Event): Promise<AppliedEvent> {
  const object = event.data.object as unknown as Record<string, unknown>;
  switch (event.type) {
    case "payment_intent.processing":
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed": {
      const intent = object as unknown as Stripe.PaymentIntent;
      await lockPayment(tx, intent.id);
      const deposit = await lockDeposit(tx, { id: intent.metadata?.deposit_id, paymentIntentId: intent.id });
      if (!deposit) return ignored("no deposit for this payment");
      if (event.type === "payment_intent.processing") return markProcessing(tx, deposit, intent.id);
      if (event.type === "payment_intent.payment_failed") return markFailed(tx, deposit, intent, event.id);
      return settle(tx, deposit, {
        amount: BigInt(intent.amount_received),
        currency: intent.currency,
        paymentIntentId: intent.id,
        chargeId: stringId(intent.latest_charge),
      });
    }
    case "checkout.session.completed": {
      const session = object as unknown as Stripe.Checkout.Session;
      await lockPayment(tx, stringId(session.payment_intent) ?? session.id);
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
      // Its amount_refunded is a running total with no refund id: a total cannot say which refund a later
      // failure takes out of it, so only the refunds it lists move money (webhooks at API versions since
      // 2022-11-15 list none; refund.created names each one).
      const charge = object as unknown as Stripe.Charge;
      await lockPayment(tx, stringId(charge.payment_intent) ?? charge.id);
      const deposit = await lockDeposit(tx, {
        id: charge.metadata?.deposit_id,
        paymentIntentId: stringId(charge.payment_intent),
        chargeId: charge.id,
      });
      if (!deposit) return ignored("no deposit for this charge");
      const listed = charge.refunds?.data ?? [];
      if (listed.length === 0) return ignored("charge.refunded lists no refund: each refund is applied from its own refund event", deposit.id);
      return refundsReported(tx, deposit, listed);
    }
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated": {
      const refund = object as unknown as Stripe.Refund;
      const paymentIntentId = stringId(refund.payment_intent);
      const chargeId = stringId(refund.charge);
      if (!paymentIntentId && !chargeId) return ignored("a refund of no charge is not a deposit's");
      await lockPayment(tx, paymentIntentId ?? chargeId!);
      return refundsReported(tx, await lockDeposit(tx, { paymentIntentId, chargeId }), [refund]);
    }
    case "charge.dispute.created":
    case "charge.dispute.closed": {
      const dispute = object as unknown as Stripe.Dispute;
      await lockPayment(tx, stringId(dispute.payment_intent) ?? stringId(dispute.charge) ?? dispute.id);
      const deposit = await lockDeposit(tx, { paymentIntentId: stringId(dispute.payment_intent), chargeId: stringId(dispute.charge) });
      if (!deposit) return ignored("no deposit for this dispute");
      return event.type === "charge.dispute.created" ? disputeOpened(tx, deposit, dispute) : disputeClosed(tx, deposit, dispute);
    }
    case "treasury.outbound_payment.posted":
    case "treasury.outbound_payment.failed":
    case "treasury.outbound_payment.canceled":
    case "treasury.outbound_payment.returned":
      return applyOutboundPaymentEvent(tx, event.type, object as unknown as Stripe.Treasury.OutboundPayment);
    case "setup_intent.succeeded":
    case "setup_intent.requires_action":
    case "setup_intent.setup_failed":
    case "payment_method.detached":
      return applyBankAccountEvent(tx, event);
    default:
      return ignored(`${event.type} is not an event Autovest acts on`);
  }
}

function stringId(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "id" in value && typeof value.id === "string") return value.id;
  return null;
}

/**
 * Events about one payment (its intent, else its charge) are applied one at a time, even before the payment is
 * known here: a refund that arrives first and waits is then seen by the event that settles the payment.
 */
async function lockPayment(tx: Tx, paymentKey: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${paymentKey}::text, 0))`;
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

async function markProcessing(tx: Tx, deposit: Deposit, paymentIntentId: string): Promise<AppliedEvent> {
  if (deposit.status !== "PENDING" && deposit.status !== "FAILED") return ignored(`deposit is already ${deposit.status.toLowerCase()}`, deposit.id);
  await tx.deposit.update({
    where: { id: deposit.id },
    data: { status: "PROCESSING", stripePaymentIntentId: deposit.stripePaymentIntentId ?? paymentIntentId, failureMessage: null },
  });
  await audit(tx, "DEPOSIT_PROCESSING", deposit, {});
  return applied(deposit.id);
}

async function markFailed(tx: Tx, deposit: Deposit, intent: Stripe.PaymentIntent, eventId: string): Promise<AppliedEvent> {
  if (SETTLED.includes(deposit.status)) return ignored(`deposit is already ${deposit.status.toLowerCase()}`, deposit.id);
  const error = intent.last_payment_error;
  const message = error?.message ?? "The payment failed.";
  const code = (error?.decline_code ?? error?.code ?? null)?.slice(0, 100) ?? null;
  await tx.deposit.update({
    where: { id: deposit.id },
    data: { status: "FAILED", failureMessage: message.slice(0, 500), failureCode: code, stripePaymentIntentId: deposit.stripePaymentIntentId ?? intent.id },
  });
  await audit(tx, "DEPOSIT_FAILED", deposit, { reason: message, code });
  // A recurring deposit's failure is told by its schedule (once its retry has failed too); any other, once per event.
  const notified = deposit.recurringPeriodId ? [] : await notify(tx, await depositFailed(tx, { ...deposit, failureCode: code }, eventId));
  return applied(deposit.id, [...(await periodDebitFailed(tx, deposit, message)), ...notified]);
}

/** The payment succeeded: credit the investor once, tell them, and announce deposit/settled through the outbox. */
async function settle(
  tx: Tx,
  deposit: Deposit,
  payment: { amount: bigint; currency: string; paymentIntentId: string | null; chargeId: string | null },
): Promise<AppliedEvent> {
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
  await periodDebitSucceeded(tx, deposit);
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
  return applied(deposit.id, [...outboxIds, ...notified, ...(await applyWaitingRefunds(tx, deposit.id))]);
}

/** A dispute proves the payment succeeded, even if that event has not arrived yet. */
async function settleFirstIfNeeded(tx: Tx, deposit: Deposit, chargeId: string | null): Promise<{ deposit: Deposit; outboxIds: string[] }> {
  if (SETTLED.includes(deposit.status)) return { deposit, outboxIds: [] };
  const work = await settle(tx, deposit, { amount: deposit.amount, currency: deposit.currency, paymentIntentId: null, chargeId });
  return { deposit: await tx.deposit.findUniqueOrThrow({ where: { id: deposit.id } }), outboxIds: work.outboxIds };
}

/** Refunds Stripe reported: applied to their deposit once its payment has settled here; until then they wait. */
async function refundsReported(tx: Tx, found: Deposit | null, refunds: Stripe.Refund[]): Promise<AppliedEvent> {
  const reports: RefundReport[] = [];
  for (const refund of refunds) {
    const report = readRefund(refund);
    if (typeof report === "string") return ignored(report, found?.id ?? null);
    reports.push(report);
  }
  const outcomes: AppliedEvent[] = [];
  for (const report of reports) {
    const deposit = found && (await tx.deposit.findUniqueOrThrow({ where: { id: found.id } }));
    if (!deposit || !SETTLED.includes(deposit.status)) {
      outcomes.push(await keepUntilPaymentSettles(tx, report, deposit?.id ?? null));
      continue;
    }
    const misfit = refundMisfit(deposit, report);
    if (misfit) {
      await audit(tx, "STRIPE_EVENT_REJECTED", deposit, { reason: misfit });
      outcomes.push(ignored(misfit, deposit.id));
      continue;
    }
    outcomes.push(await applyRefund(tx, deposit, report));
  }
  const moved = outcomes.find((work) => work.outcome === "applied");
  return {
    outcome: moved ? "applied" : outcomes.map((work) => work.outcome).join("; "),
    depositId: found?.id ?? null,
    outboxIds: outcomes.flatMap((work) => work.outboxIds),
  };
}

async function disputeOpened(tx: Tx, original: Deposit, dispute: Stripe.Dispute): Promise<AppliedEvent> {
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
  return applied(deposit.id, outboxIds);
}

async function disputeClosed(tx: Tx, deposit: Deposit, dispute: Stripe.Dispute): Promise<AppliedEvent> {
  const opened = await tx.journalEntry.findUnique({ where: { idempotencyKey: `deposit:${deposit.id}:dispute:${dispute.id}` } });
  if (!opened) return ignored("dispute closed before it was opened here", deposit.id);
  if (dispute.status === "lost") {
    await audit(tx, "DEPOSIT_DISPUTE_LOST", deposit, { disputeId: dispute.id });
    return applied(deposit.id);
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
  await tx.deposit.update({ where: { id: deposit.id }, data: { disputedAmount, status: settledStatus({ ...deposit, disputedAmount }) } });
  await audit(tx, "DEPOSIT_DISPUTE_WON", deposit, { disputeId: dispute.id, amount: amount.toString(), repaidDebt: credit.repaid.toString() });
  return applied(deposit.id);
}
