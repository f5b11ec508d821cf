/** What a period's debit came to, applied in the webhook's transaction (lib/payments/apply-event.ts). */
import { recordAudit } from "../../audit/record";
import type { Tx } from "../../db";
import type { Deposit } from "../../generated/prisma/client";
import { NO_REQUEST_CONTEXT } from "../../http/request-context";
import { formatMoney } from "../../money";
import { notify } from "../../notifications/notify";
import { bankLabel } from "../bank-accounts";
import { describeDate, isoDate, retryAtOf } from "./schedule";
import { enqueuePeriod, scaleOf } from "./schedules";

type RecurringDeposit = Pick<Deposit, "id" | "recurringPeriodId" | "recurringAttempt">;

/** A period's deposit settled (in the webhook's transaction). */
export async function periodDebitSucceeded(tx: Tx, deposit: RecurringDeposit): Promise<void> {
  if (!deposit.recurringPeriodId) return;
  await tx.recurringDepositPeriod.update({ where: { id: deposit.recurringPeriodId }, data: { status: "SUCCEEDED", failureMessage: null } });
}

/**
 * A period's debit failed (in the webhook's transaction). The first failure schedules the one retry, three days
 * later, as a period event written once (its run sleeps until then, across restarts); the second fails the
 * period and tells the investor, in the app and by email. A schedule paused or cancelled meanwhile is not retried.
 */
export async function periodDebitFailed(tx: Tx, deposit: RecurringDeposit, message: string): Promise<string[]> {
  if (!deposit.recurringPeriodId) return [];
  const period = await tx.recurringDepositPeriod.findUniqueOrThrow({ where: { id: deposit.recurringPeriodId }, include: { schedule: { include: { bankAccount: true, investmentAccount: { select: { userId: true } } } } } });
  if (period.status !== "DEBITING" || period.attempts !== deposit.recurringAttempt) return [];
  const { schedule } = period;
  if (deposit.recurringAttempt === 1 && schedule.status === "ACTIVE") {
    await tx.recurringDepositPeriod.update({ where: { id: period.id }, data: { status: "RETRY_SCHEDULED", failureMessage: message.slice(0, 500) } });
    return [await enqueuePeriod(tx, schedule, period.periodDate, retryAtOf(period.periodDate, scaleOf(schedule)), 2)];
  }
  await tx.recurringDepositPeriod.update({ where: { id: period.id }, data: { status: "FAILED", failureMessage: message.slice(0, 500) } });
  await recordAudit(tx, {
    action: "RECURRING_DEPOSIT_PERIOD_FAILED",
    actorId: null,
    target: { type: "RecurringDeposit", id: schedule.id },
    context: NO_REQUEST_CONTEXT,
    details: { investmentAccountId: schedule.investmentAccountId, periodDate: isoDate(period.periodDate), attempts: String(period.attempts), reason: message },
  });
  return notify(tx, {
    userId: schedule.investmentAccount.userId,
    kind: "DEPOSIT",
    title: `Your recurring deposit of ${formatMoney(schedule.amount, schedule.currency)} did not go through`,
    body: `We tried twice to take it from ${bankLabel(schedule.bankAccount)} for ${describeDate(period.periodDate)}: ${message} Your next deposits are still scheduled; check the bank account or choose another.`,
    link: "/recurring-deposits",
    dedupeKey: `recurring-period-failed:${period.id}`,
  });
}
