/**
 * Stripe refunds of a deposit, each under its Stripe refund id. A refund Stripe reports as pending, succeeded or
 * waiting for the customer takes its amount back from the investor once; one that failed or was canceled gives
 * back what it took, once, or is never taken if its failure arrives first. Every event that carries the refund
 * object (refund.created, refund.updated, refund.failed, charge.refund.updated) comes here, in any order. A refund
 * of a payment that has not settled here yet waits, without a deposit, and is applied when the payment settles.
 * The caller holds the payment's lock, so the events of one refund are applied one at a time.
 */
import type Stripe from "stripe";
import type { Tx } from "../db";
import type { Deposit, DepositRefund, DepositRefundStatus } from "../generated/prisma/client";
import { refundFailed } from "../notifications/notices";
import { notify } from "../notifications/notify";
import { creditFromStripe, takeBackToStripe } from "./account-money";
import { applied, auditDeposit, ignored, settledStatus, type AppliedEvent } from "./deposit-record";

/** A Stripe refund as far as a deposit is concerned, read once at the door. */
export interface RefundReport {
  id: string;
  amount: bigint;
  currency: string;
  status: DepositRefundStatus;
  failureReason: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
  /** When Stripe created it. */
  createdAt: Date;
}

const STATUS_OF: Record<string, DepositRefundStatus> = {
  pending: "PENDING",
  requires_action: "REQUIRES_ACTION",
  succeeded: "SUCCEEDED",
  failed: "FAILED",
  canceled: "CANCELED",
};

/** How far along a refund is: a late event with an earlier status never moves it back. */
const STAGE: Record<DepositRefundStatus, number> = { PENDING: 0, REQUIRES_ACTION: 0, SUCCEEDED: 1, FAILED: 2, CANCELED: 2 };
const gone = (status: DepositRefundStatus | null) => status !== null && STAGE[status] === 2;

const idOf = (value: string | { id: string } | null) => (typeof value === "string" ? value : (value?.id ?? null));

/** The refund, or why it cannot be read. */
export function readRefund(refund: Stripe.Refund): RefundReport | string {
  const status = refund.status ? STATUS_OF[refund.status] : undefined;
  if (!status) return `refund ${refund.id} has a status Autovest does not know (${refund.status})`;
  if (!Number.isSafeInteger(refund.amount) || refund.amount <= 0) return `refund ${refund.id} has no positive amount`;
  return {
    id: refund.id,
    amount: BigInt(refund.amount),
    currency: refund.currency.toUpperCase(),
    status,
    failureReason: refund.failure_reason ?? null,
    paymentIntentId: idOf(refund.payment_intent),
    chargeId: idOf(refund.charge),
    createdAt: new Date(refund.created * 1000),
  };
}

/** Why a refund cannot be one of this deposit's, or null when it can. */
export function refundMisfit(deposit: Deposit, refund: Pick<RefundReport, "id" | "amount" | "currency">): string | null {
  if (refund.amount > deposit.amount) return `refund ${refund.id} of ${refund.amount} is larger than the deposit`;
  if (refund.currency !== deposit.currency) return `refund ${refund.id} is in ${refund.currency}, the deposit in ${deposit.currency}`;
  return null;
}

/** Applies what Stripe says about one refund of a settled deposit (check refundMisfit first). */
export async function applyRefund(tx: Tx, deposit: Deposit, report: RefundReport): Promise<AppliedEvent> {
  const { row: recorded, before } = await recordRefund(tx, report, deposit.id);
  if (recorded.depositId !== deposit.id) return ignored(`refund ${recorded.stripeRefundId} belongs to another deposit`, deposit.id);
  const row = before === null && !recorded.takenAt ? await adoptIfTakenBeforeTracking(tx, deposit, recorded, report.createdAt) : recorded;
  return actOn(tx, deposit, row, before);
}

/** A refund of a payment that has not settled here yet: kept, and moved forward by later events, until it does. */
export async function keepUntilPaymentSettles(tx: Tx, report: RefundReport, depositId: string | null): Promise<AppliedEvent> {
  await recordRefund(tx, report, null);
  return ignored(`refund ${report.id} waits for its payment to settle`, depositId);
}

/** Applies the refunds that waited for this deposit's payment, once it has settled. Returns outbox ids. */
export async function applyWaitingRefunds(tx: Tx, depositId: string): Promise<string[]> {
  let deposit = await tx.deposit.findUniqueOrThrow({ where: { id: depositId } });
  const payment = [
    ...(deposit.stripePaymentIntentId ? [{ stripePaymentIntentId: deposit.stripePaymentIntentId }] : []),
    ...(deposit.stripeChargeId ? [{ stripeChargeId: deposit.stripeChargeId }] : []),
  ];
  if (payment.length === 0) return [];
  const waiting = await tx.depositRefund.findMany({ where: { depositId: null, OR: payment }, orderBy: { createdAt: "asc" } });
  const outboxIds: string[] = [];
  for (const refund of waiting) {
    const misfit = refundMisfit(deposit, { id: refund.stripeRefundId, amount: refund.amount, currency: refund.currency });
    if (misfit) {
      await auditDeposit(tx, "STRIPE_EVENT_REJECTED", deposit, { reason: misfit });
      continue;
    }
    const row = await tx.depositRefund.update({ where: { stripeRefundId: refund.stripeRefundId }, data: { depositId: deposit.id } });
    outboxIds.push(...(await actOn(tx, deposit, row, null)).outboxIds);
    deposit = await tx.deposit.findUniqueOrThrow({ where: { id: depositId } });
  }
  return outboxIds;
}

/** Writes the refund's row, or moves it forward; `before` is its status when this deposit last acted on it (null: never). */
async function recordRefund(tx: Tx, report: RefundReport, depositId: string | null): Promise<{ row: DepositRefund; before: DepositRefundStatus | null }> {
  const [created] = await tx.depositRefund.createManyAndReturn({
    data: [
      {
        stripeRefundId: report.id,
        depositId,
        stripePaymentIntentId: report.paymentIntentId,
        stripeChargeId: report.chargeId,
        amount: report.amount,
        currency: report.currency,
        status: report.status,
        failureReason: report.failureReason,
      },
    ],
    skipDuplicates: true,
  });
  if (created) return { row: created, before: null };
  const known = await tx.depositRefund.findUniqueOrThrow({ where: { stripeRefundId: report.id } });
  const before = known.depositId ? known.status : null;
  const attach = depositId !== null && known.depositId === null;
  const later = STAGE[report.status] > STAGE[known.status];
  if (!attach && !later) return { row: known, before };
  const row = await tx.depositRefund.update({
    where: { stripeRefundId: report.id },
    data: { ...(attach ? { depositId } : {}), ...(later ? { status: report.status, failureReason: report.failureReason } : {}) },
  });
  return { row, before };
}

/** What a refund's status asks of the deposit's money, given what was already done. */
async function actOn(tx: Tx, deposit: Deposit, row: DepositRefund, before: DepositRefundStatus | null): Promise<AppliedEvent> {
  if (gone(row.status)) {
    if (row.takenAt && !row.restoredAt) return giveBack(tx, deposit, row);
    if (!row.takenAt && !gone(before)) return failedBeforeTaken(tx, deposit, row);
    return ignored(`refund ${row.stripeRefundId} already ${row.status.toLowerCase()}`, deposit.id);
  }
  if (!row.takenAt) return take(tx, deposit, row);
  return ignored(`refund ${row.stripeRefundId} already taken back`, deposit.id);
}

/**
 * A refund created before its deposit's refunds were tracked by id was taken then, from charge.refunded's
 * running total, if that untracked money covers it: it is marked taken, not taken again, and given back if it
 * fails.
 */
async function adoptIfTakenBeforeTracking(tx: Tx, deposit: Deposit, row: DepositRefund, createdAt: Date): Promise<DepositRefund> {
  if (!deposit.untrackedRefundsBefore || createdAt >= deposit.untrackedRefundsBefore) return row;
  const tracked = await tx.depositRefund.aggregate({
    where: { depositId: deposit.id, takenAt: { not: null }, restoredAt: null },
    _sum: { amount: true },
  });
  if (deposit.refundedAmount - (tracked._sum.amount ?? 0n) < row.amount) return row;
  return tx.depositRefund.update({ where: { stripeRefundId: row.stripeRefundId }, data: { takenAt: new Date() } });
}

async function take(tx: Tx, deposit: Deposit, row: DepositRefund): Promise<AppliedEvent> {
  const taken = await takeBackToStripe(tx, {
    investmentAccountId: deposit.investmentAccountId,
    amount: row.amount,
    idempotencyKey: `deposit:${deposit.id}:refund:${row.stripeRefundId}`,
    kind: "REFUND",
    cause: { type: "Deposit", id: deposit.id },
  });
  const refundedAmount = deposit.refundedAmount + row.amount;
  await tx.depositRefund.update({ where: { stripeRefundId: row.stripeRefundId }, data: { takenAt: new Date() } });
  await tx.deposit.update({ where: { id: deposit.id }, data: { refundedAmount, status: settledStatus({ ...deposit, refundedAmount }) } });
  await auditDeposit(tx, "DEPOSIT_REFUNDED", deposit, {
    refundId: row.stripeRefundId,
    amount: row.amount.toString(),
    fromCash: taken.fromCash.toString(),
    owed: taken.shortfall.toString(),
  });
  return applied(deposit.id);
}

/** The refund's money came back to Stripe: give it back to the investor, repaying first any debt it left. */
async function giveBack(tx: Tx, deposit: Deposit, row: DepositRefund): Promise<AppliedEvent> {
  const credit = await creditFromStripe(tx, {
    investmentAccountId: deposit.investmentAccountId,
    amount: row.amount,
    idempotencyKey: `deposit:${deposit.id}:refund:${row.stripeRefundId}:returned`,
    kind: "REFUND",
    cause: { type: "Deposit", id: deposit.id },
    memo: "Refund to the payer did not go through: money returned",
  });
  const refundedAmount = deposit.refundedAmount - row.amount;
  await tx.depositRefund.update({ where: { stripeRefundId: row.stripeRefundId }, data: { restoredAt: new Date() } });
  await tx.deposit.update({ where: { id: deposit.id }, data: { refundedAmount, status: settledStatus({ ...deposit, refundedAmount }) } });
  await auditDeposit(tx, "DEPOSIT_REFUND_FAILED", deposit, {
    refundId: row.stripeRefundId,
    status: row.status,
    reason: row.failureReason,
    amount: row.amount.toString(),
    restored: row.amount.toString(),
    repaidDebt: credit.repaid.toString(),
  });
  return applied(deposit.id, await notify(tx, await refundFailed(tx, deposit, row)));
}

/** Nothing was taken, so nothing moves; the row says the refund failed, so no later event takes it. */
async function failedBeforeTaken(tx: Tx, deposit: Deposit, row: DepositRefund): Promise<AppliedEvent> {
  await auditDeposit(tx, "DEPOSIT_REFUND_FAILED", deposit, {
    refundId: row.stripeRefundId,
    status: row.status,
    reason: row.failureReason,
    amount: row.amount.toString(),
    restored: "0",
  });
  return applied(deposit.id, await notify(tx, await refundFailed(tx, deposit, row)));
}
