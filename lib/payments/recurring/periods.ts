/**
 * Running one period of a recurring deposit, in two idempotent steps (inngest/functions/recurring-deposit-period.ts):
 * make the period's deposit (one per period and attempt, whatever retries or replays happen: unique period per
 * date, unique deposit per period and attempt), then debit the bank for it. The webhook settles the deposit as
 * any other (credited, announced as deposit/settled and invested); a failed debit is retried once, three days
 * later, and after the second failure the period has failed and the investor is told.
 */
import { recordAudit } from "../../audit/record";
import { db, type Tx } from "../../db";
import { env } from "../../env";
import type { Deposit } from "../../generated/prisma/client";
import { NO_REQUEST_CONTEXT } from "../../http/request-context";
import { BANK_FAILURE_MESSAGES, bankLabel } from "../bank-accounts";
import { stripe } from "../stripe";
import { event, paymentIntent, signed, testId } from "../test-events";
import { receiveStripeWebhook } from "../webhook";
import { isoDate, parseIsoDate, periodAfter, runAtOf } from "./schedule";
import { enqueuePeriod, ruleOf, scaleOf } from "./schedules";

export interface PeriodRun {
  scheduleId: string;
  version: number;
  periodDate: string;
  attempt: 1 | 2;
}

export type MadePeriod = { depositId: string; outboxIds: string[] } | { depositId: null; outcome: string; outboxIds: string[] };

/**
 * Makes the period's deposit (attempt 1 also moves the schedule to its next period and sends that period's
 * event). Run again, it returns the deposit it made; a run for a paused, cancelled or changed schedule, or for a
 * period already made, makes nothing.
 */
export async function makePeriodDeposit(run: PeriodRun): Promise<MadePeriod> {
  const periodDate = parseIsoDate(run.periodDate);
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "RecurringDeposit" WHERE "id" = ${run.scheduleId}::uuid FOR UPDATE`;
    const schedule = await tx.recurringDeposit.findUnique({ where: { id: run.scheduleId }, include: { bankAccount: true } });
    if (!schedule) return { depositId: null, outcome: "no such schedule", outboxIds: [] };
    const period = await tx.recurringDepositPeriod.findUnique({ where: { scheduleId_periodDate: { scheduleId: schedule.id, periodDate } }, include: { deposits: true } });
    const made = period?.deposits.find((deposit) => deposit.recurringAttempt === run.attempt);
    if (made) return { depositId: made.id, outboxIds: [] };
    if (schedule.status !== "ACTIVE") return { depositId: null, outcome: `schedule is ${schedule.status.toLowerCase()}`, outboxIds: [] };
    if (schedule.bankAccount.status !== "VERIFIED") return { depositId: null, outcome: "its bank account can no longer be used", outboxIds: [] };

    if (run.attempt === 1) {
      if (run.version !== schedule.version) return { depositId: null, outcome: "schedule changed since", outboxIds: [] };
      if (period || !schedule.nextPeriodDate || isoDate(schedule.nextPeriodDate) !== run.periodDate) return { depositId: null, outcome: "period already made", outboxIds: [] };
      const created = await tx.recurringDepositPeriod.create({ data: { scheduleId: schedule.id, periodDate, status: "DEBITING", attempts: 1 } });
      const deposit = await createDeposit(tx, schedule, created.id, 1);
      const next = periodAfter(ruleOf(schedule), periodDate);
      const advanced = await tx.recurringDeposit.update({ where: { id: schedule.id }, data: { nextPeriodDate: next, nextRunAt: runAtOf(next, scaleOf(schedule)) } });
      return { depositId: deposit.id, outboxIds: [await enqueuePeriod(tx, advanced, next, advanced.nextRunAt!)] };
    }
    if (!period || period.status !== "RETRY_SCHEDULED") return { depositId: null, outcome: "no retry is waiting for this period", outboxIds: [] };
    await tx.recurringDepositPeriod.update({ where: { id: period.id }, data: { status: "DEBITING", attempts: 2 } });
    return { depositId: (await createDeposit(tx, schedule, period.id, 2)).id, outboxIds: [] };
  });
}

async function createDeposit(
  tx: Tx,
  schedule: { id: string; investmentAccountId: string; amount: bigint; currency: string; bankAccount: { testMode: boolean; bankName: string; last4: string } },
  periodId: string,
  attempt: 1 | 2,
): Promise<Deposit> {
  const deposit = await tx.deposit.create({
    data: {
      investmentAccountId: schedule.investmentAccountId,
      amount: schedule.amount,
      currency: schedule.currency,
      method: "US_BANK_ACCOUNT",
      requestKey: `recurring:${periodId}:attempt-${attempt}`,
      testMode: schedule.bankAccount.testMode,
      recurringPeriodId: periodId,
      recurringAttempt: attempt,
    },
  });
  await recordAudit(tx, {
    action: "DEPOSIT_REQUESTED",
    actorId: null,
    target: { type: "Deposit", id: deposit.id },
    context: NO_REQUEST_CONTEXT,
    details: { amount: deposit.amount.toString(), currency: deposit.currency, method: "US_BANK_ACCOUNT", recurringDepositId: schedule.id, attempt, bank: bankLabel(schedule.bankAccount) },
  });
  return deposit;
}

/**
 * Debits the bank for a period's deposit, once. With Stripe keys: a PaymentIntent confirmed off-session on the
 * linked PaymentMethod, under Stripe's idempotency key for the period and attempt (its events arrive at the
 * webhook). In test-payment mode: the signed events Stripe would send for the test account (processing, then
 * succeeded or failed as its number says), applied through the webhook's own verification. Returns the outbox
 * rows the events wrote, to send now.
 */
export async function debitPeriodDeposit(depositId: string): Promise<{ outcome: string; outboxIds: string[] }> {
  const deposit = await db.deposit.findUniqueOrThrow({
    where: { id: depositId },
    include: { recurringPeriod: { include: { schedule: { include: { bankAccount: true, investmentAccount: { select: { user: { select: { stripeCustomerId: true } } } } } } } } },
  });
  const schedule = deposit.recurringPeriod?.schedule;
  if (!schedule) throw new Error(`deposit ${depositId} is not a recurring deposit's`);
  if (deposit.status !== "PENDING" && deposit.status !== "PROCESSING") return { outcome: `already ${deposit.status.toLowerCase()}`, outboxIds: [] };
  const bank = schedule.bankAccount;

  if (!deposit.testMode) {
    if (deposit.stripePaymentIntentId) return { outcome: "already sent to Stripe", outboxIds: [] };
    const intent = await stripe().paymentIntents.create(
      {
        amount: Number(deposit.amount),
        currency: deposit.currency.toLowerCase(),
        customer: schedule.investmentAccount.user.stripeCustomerId ?? undefined,
        payment_method: bank.stripePaymentMethodId ?? undefined,
        allowed_payment_method_types: ["us_bank_account"],
        confirm: true,
        off_session: true,
        description: "Recurring deposit to your Autovest account",
        metadata: { deposit_id: deposit.id, recurring_deposit_id: schedule.id },
      },
      { idempotencyKey: `recurring-deposit:${deposit.recurringPeriodId}:attempt-${deposit.recurringAttempt}` },
    );
    await db.deposit.updateMany({ where: { id: deposit.id, stripePaymentIntentId: null }, data: { stripePaymentIntentId: intent.id } });
    return { outcome: `payment intent ${intent.status}`, outboxIds: [] };
  }

  if (!env().testPayments) throw new Error("a test-mode deposit cannot be debited with Stripe keys configured");
  const payment = {
    depositId: deposit.id,
    paymentIntentId: deposit.stripePaymentIntentId ?? testId("pi"),
    chargeId: deposit.stripeChargeId ?? testId("ch"),
    amount: deposit.amount,
    currency: deposit.currency,
    method: "us_bank_account" as const,
  };
  const outboxIds: string[] = [];
  const deliver = async (payload: object) => {
    const { body, header } = signed(payload);
    outboxIds.push(...(await receiveStripeWebhook(body, header)).outboxIds);
  };
  if (deposit.status === "PENDING") await deliver(event("payment_intent.processing", paymentIntent(payment, "processing")));
  const behaviour = bank.testBehaviour ?? "succeeds";
  if (behaviour === "succeeds") {
    await deliver(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")));
  } else {
    const message = BANK_FAILURE_MESSAGES[behaviour] ?? "The bank account could not be debited.";
    await deliver(event("payment_intent.payment_failed", paymentIntent(payment, "requires_payment_method", { code: behaviour, message })));
  }
  return { outcome: behaviour, outboxIds };
}

/**
 * Active schedules whose next period's time passed more than `graceMs` ago without being made (its event lost
 * before the outbox, say): a page of them, by id, with the event that runs the period.
 */
export async function overduePeriods(options: { after: string | null; limit: number; now?: Date; graceMs?: number }) {
  const before = new Date((options.now ?? new Date()).getTime() - (options.graceMs ?? 3_600_000));
  const rows = await db.recurringDeposit.findMany({
    where: { status: "ACTIVE", nextRunAt: { lte: before }, ...(options.after ? { id: { gt: options.after } } : {}) },
    orderBy: { id: "asc" },
    take: options.limit,
    select: { id: true, version: true, nextPeriodDate: true, nextRunAt: true },
  });
  return {
    last: rows.length === options.limit ? rows.at(-1)!.id : null,
    events: rows.map((row) => {
      const periodDate = isoDate(row.nextPeriodDate!);
      return {
        id: `recurring:${row.id}:${periodDate}:v${row.version}:attempt-1`,
        name: "recurring-deposit/period.due",
        data: { scheduleId: row.id, version: row.version, periodDate, attempt: 1, retry: false, runAt: row.nextRunAt!.toISOString() },
      };
    }),
  };
}
