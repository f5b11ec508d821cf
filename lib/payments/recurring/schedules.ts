/**
 * Recurring deposits, as the investor sets them up and changes them. Every change raises the schedule's version
 * in the same transaction as its audit record and the events it sends through the outbox:
 * `recurring-deposit/period.due` for the next period (its run sleeps until the period's time) and
 * `recurring-deposit/schedule.changed`, which cancels the runs still waiting for an older version (cancelOn in
 * inngest/functions/recurring-deposit-period.ts). A run that wakes anyway finds its version stale and does nothing.
 */
import { z } from "zod";
import { recordAudit } from "../../audit/record";
import { assertEmailVerified } from "../../auth/email-verification";
import type { CurrentUser } from "../../auth/sessions";
import { db, type Tx } from "../../db";
import { env } from "../../env";
import { Conflict, NotFound } from "../../errors";
import type { Prisma, RecurringDeposit, RecurringDepositStatus, RecurringFrequency, RecurringPeriodStatus } from "../../generated/prisma/client";
import type { RequestContext } from "../../http/request-context";
import { assertKycApproved } from "../../kyc/profile";
import { enqueue } from "../../outbox/outbox";
import { parseInput } from "../../validation";
import { parseDepositAmount } from "../amount";
import { bankLabel, verifiedBankAccount } from "../bank-accounts";
import { investmentAccountOf } from "../deposits";
import { firstPeriod, isoDate, periodAfter, runAtOf, type ScheduleRule, type TimeScale } from "./schedule";

export const PERIOD_DUE = "recurring-deposit/period.due";
export const SCHEDULE_CHANGED = "recurring-deposit/schedule.changed";

export interface RecurringDepositView {
  id: string;
  amount: bigint;
  currency: string;
  frequency: RecurringFrequency;
  weekday: number | null;
  dayOfMonth: number | null;
  status: RecurringDepositStatus;
  nextPeriodDate: Date | null;
  bank: { id: string; bankName: string; last4: string; status: string };
  createdAt: Date;
  periods: {
    periodDate: Date;
    status: RecurringPeriodStatus;
    attempts: number;
    failureMessage: string | null;
    deposits: { id: string; status: string; amount: bigint; recurringAttempt: number | null; failureMessage: string | null }[];
  }[];
}

const viewSelect = {
  id: true,
  amount: true,
  currency: true,
  frequency: true,
  weekday: true,
  dayOfMonth: true,
  status: true,
  nextPeriodDate: true,
  createdAt: true,
  bankAccount: { select: { id: true, bankName: true, last4: true, status: true } },
  periods: {
    orderBy: { periodDate: "desc" },
    take: 24,
    select: {
      periodDate: true,
      status: true,
      attempts: true,
      failureMessage: true,
      deposits: { orderBy: { recurringAttempt: "asc" }, select: { id: true, status: true, amount: true, recurringAttempt: true, failureMessage: true } },
    },
  },
} satisfies Prisma.RecurringDepositSelect;

const toView = ({ bankAccount, ...schedule }: Prisma.RecurringDepositGetPayload<{ select: typeof viewSelect }>): RecurringDepositView => ({ ...schedule, bank: bankAccount });

const emptyToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

export const scheduleInput = z
  .object({
    bankAccountId: z.uuid({ error: "Choose a bank account." }),
    amount: z.unknown(),
    frequency: z.enum(["WEEKLY", "BIWEEKLY", "MONTHLY"], { error: "Choose how often." }),
    weekday: z.preprocess(emptyToUndefined, z.coerce.number({ error: "Choose a day of the week." }).int().min(1, "Choose a day of the week.").max(7, "Choose a day of the week.").optional()),
    dayOfMonth: z.preprocess(emptyToUndefined, z.coerce.number({ error: "Choose a day of the month." }).int().min(1, "Choose a day from 1 to 31.").max(31, "Choose a day from 1 to 31.").optional()),
  })
  .superRefine((value, ctx) => {
    if (value.frequency === "MONTHLY" && value.dayOfMonth === undefined) ctx.addIssue({ code: "custom", path: ["dayOfMonth"], message: "Choose a day of the month." });
    if (value.frequency !== "MONTHLY" && value.weekday === undefined) ctx.addIssue({ code: "custom", path: ["weekday"], message: "Choose a day of the week." });
  });

/** The rule a schedule row follows. */
export const ruleOf = (schedule: Pick<RecurringDeposit, "frequency" | "weekday" | "dayOfMonth">): ScheduleRule => ({
  frequency: schedule.frequency,
  weekday: schedule.weekday,
  dayOfMonth: schedule.dayOfMonth,
});

/** A schedule's time scale (development and tests), or null: real calendar days. */
export const scaleOf = (schedule: Pick<RecurringDeposit, "timeScaleSeconds" | "scaleAnchorAt" | "scaleAnchorDate">): TimeScale | null =>
  schedule.timeScaleSeconds && schedule.scaleAnchorAt && schedule.scaleAnchorDate
    ? { secondsPerDay: schedule.timeScaleSeconds, anchorAt: schedule.scaleAnchorAt, anchorDate: schedule.scaleAnchorDate }
    : null;

function parseSchedule(input: unknown) {
  const parsed = parseInput(scheduleInput, input);
  const amount = parseDepositAmount(parsed.amount);
  const rule: ScheduleRule =
    parsed.frequency === "MONTHLY" ? { frequency: "MONTHLY", dayOfMonth: parsed.dayOfMonth } : { frequency: parsed.frequency, weekday: parsed.weekday };
  return { bankAccountId: parsed.bankAccountId, amount, rule };
}

/** The event that starts the run of a schedule's next period (it sleeps until `runAt`), written once per period and version. */
export async function enqueuePeriod(tx: Tx, schedule: Pick<RecurringDeposit, "id" | "version">, periodDate: Date, runAt: Date, attempt: 1 | 2 = 1): Promise<string> {
  const date = isoDate(periodDate);
  return enqueue(tx, {
    name: PERIOD_DUE,
    data: { scheduleId: schedule.id, version: schedule.version, periodDate: date, attempt, retry: attempt === 2, runAt: runAt.toISOString() },
    dedupeKey: `recurring:${schedule.id}:${date}:v${schedule.version}:attempt-${attempt}`,
  });
}

async function announceChange(tx: Tx, schedule: Pick<RecurringDeposit, "id" | "version">, stopped: boolean): Promise<string> {
  return enqueue(tx, { name: SCHEDULE_CHANGED, data: { scheduleId: schedule.id, version: schedule.version, stopped }, dedupeKey: `recurring:${schedule.id}:changed:v${schedule.version}` });
}

export interface ScheduleChange {
  schedule: RecurringDepositView;
  outboxIds: string[];
}

async function viewOf(id: string): Promise<RecurringDepositView> {
  return toView(await db.recurringDeposit.findUniqueOrThrow({ where: { id }, select: viewSelect }));
}

/** Sets up a recurring deposit from a verified bank to the investor's account; its first period is from tomorrow. */
export async function createRecurringDeposit(user: CurrentUser, input: unknown, context: RequestContext, now = new Date()): Promise<ScheduleChange> {
  const { bankAccountId, amount, rule } = parseSchedule(input);
  const account = await investmentAccountOf(user);
  await assertKycApproved(user.id);
  await assertEmailVerified(user.id);
  const bank = await verifiedBankAccount(user.id, bankAccountId);
  const secondsPerDay = env().RECURRING_DEPOSIT_DAY_SECONDS ?? null;
  const next = firstPeriod(rule, now);
  const scale = secondsPerDay ? { secondsPerDay, anchorAt: now, anchorDate: new Date(next.getTime() - 86_400_000) } : null;
  const { id, outboxIds } = await db.$transaction(async (tx) => {
    const created = await tx.recurringDeposit.create({
      data: {
        investmentAccountId: account.id,
        bankAccountId: bank.id,
        amount,
        currency: account.currency,
        frequency: rule.frequency,
        weekday: rule.weekday ?? null,
        dayOfMonth: rule.dayOfMonth ?? null,
        nextPeriodDate: next,
        nextRunAt: runAtOf(next, scale),
        timeScaleSeconds: scale?.secondsPerDay ?? null,
        scaleAnchorAt: scale?.anchorAt ?? null,
        scaleAnchorDate: scale?.anchorDate ?? null,
      },
    });
    await audit(tx, "RECURRING_DEPOSIT_CREATED", user, created, context, { bank: bankLabel(bank), nextPeriodDate: isoDate(next) });
    return { id: created.id, outboxIds: [await enqueuePeriod(tx, created, next, created.nextRunAt!)] };
  });
  return { schedule: await viewOf(id), outboxIds };
}

async function audit(
  tx: Tx,
  action: "RECURRING_DEPOSIT_CREATED" | "RECURRING_DEPOSIT_CHANGED" | "RECURRING_DEPOSIT_SKIPPED" | "RECURRING_DEPOSIT_PAUSED" | "RECURRING_DEPOSIT_RESUMED" | "RECURRING_DEPOSIT_CANCELLED",
  user: CurrentUser | null,
  schedule: RecurringDeposit,
  context: RequestContext,
  details: Record<string, string> = {},
) {
  await recordAudit(tx, {
    action,
    actorId: user?.id ?? null,
    target: { type: "RecurringDeposit", id: schedule.id },
    context,
    details: {
      investmentAccountId: schedule.investmentAccountId,
      amount: schedule.amount.toString(),
      currency: schedule.currency,
      frequency: schedule.frequency,
      ...(schedule.weekday ? { weekday: String(schedule.weekday) } : {}),
      ...(schedule.dayOfMonth ? { dayOfMonth: String(schedule.dayOfMonth) } : {}),
      version: String(schedule.version),
      ...details,
    },
  });
}

/** The investor's schedule, locked for the change (one change at a time, and none while a period is being made). */
async function lockOwnSchedule(tx: Tx, user: CurrentUser, id: string): Promise<RecurringDeposit> {
  const account = await investmentAccountOf(user);
  if (!z.uuid().safeParse(id).success) throw new NotFound("No such recurring deposit.");
  await tx.$queryRaw`SELECT 1 FROM "RecurringDeposit" WHERE "id" = ${id}::uuid FOR UPDATE`;
  const schedule = await tx.recurringDeposit.findFirst({ where: { id, investmentAccountId: account.id } });
  if (!schedule) throw new NotFound("No such recurring deposit.");
  if (schedule.status === "CANCELLED") throw new Conflict("This recurring deposit is cancelled.");
  return schedule;
}

/** The first period a changed or resumed schedule may run: from tomorrow, after every period already made. */
async function nextPeriodFor(tx: Tx, schedule: RecurringDeposit, rule: ScheduleRule, now: Date): Promise<Date> {
  const last = await tx.recurringDepositPeriod.findFirst({ where: { scheduleId: schedule.id }, orderBy: { periodDate: "desc" }, select: { periodDate: true } });
  return firstPeriod(rule, now, last ? new Date(last.periodDate.getTime() + 86_400_000) : null);
}

/** Changes the amount, the bank, or when: the next period is recomputed, and runs waiting for the old one are cancelled. */
export async function changeRecurringDeposit(user: CurrentUser, id: string, input: unknown, context: RequestContext, now = new Date()): Promise<ScheduleChange> {
  const { bankAccountId, amount, rule } = parseSchedule(input);
  const bank = await verifiedBankAccount(user.id, bankAccountId);
  const outboxIds = await db.$transaction(async (tx) => {
    const schedule = await lockOwnSchedule(tx, user, id);
    const next = await nextPeriodFor(tx, schedule, rule, now);
    const active = schedule.status === "ACTIVE";
    const changed = await tx.recurringDeposit.update({
      where: { id: schedule.id },
      data: {
        amount,
        bankAccountId: bank.id,
        frequency: rule.frequency,
        weekday: rule.weekday ?? null,
        dayOfMonth: rule.dayOfMonth ?? null,
        version: { increment: 1 },
        nextPeriodDate: active ? next : null,
        nextRunAt: active ? runAtOf(next, scaleOf(schedule)) : null,
      },
    });
    await audit(tx, "RECURRING_DEPOSIT_CHANGED", user, changed, context, { bank: bankLabel(bank), previousAmount: schedule.amount.toString() });
    const ids = [await announceChange(tx, changed, false)];
    if (active) ids.push(await enqueuePeriod(tx, changed, next, changed.nextRunAt!));
    return ids;
  });
  return { schedule: await viewOf(id), outboxIds };
}

/** Skips the next period only: it is recorded as skipped, and the one after it is next. */
export async function skipNextRecurringDeposit(user: CurrentUser, id: string, context: RequestContext): Promise<ScheduleChange> {
  const outboxIds = await db.$transaction(async (tx) => {
    const schedule = await lockOwnSchedule(tx, user, id);
    if (schedule.status !== "ACTIVE" || !schedule.nextPeriodDate) throw new Conflict("Only an active recurring deposit has a next deposit to skip.");
    const skipped = schedule.nextPeriodDate;
    const { count } = await tx.recurringDepositPeriod.createMany({ data: [{ scheduleId: schedule.id, periodDate: skipped, status: "SKIPPED" }], skipDuplicates: true });
    if (count === 0) throw new Conflict("That deposit has already started.");
    const next = periodAfter(ruleOf(schedule), skipped);
    const changed = await tx.recurringDeposit.update({
      where: { id: schedule.id },
      data: { version: { increment: 1 }, nextPeriodDate: next, nextRunAt: runAtOf(next, scaleOf(schedule)) },
    });
    await audit(tx, "RECURRING_DEPOSIT_SKIPPED", user, changed, context, { skipped: isoDate(skipped), nextPeriodDate: isoDate(next) });
    return [await announceChange(tx, changed, false), await enqueuePeriod(tx, changed, next, changed.nextRunAt!)];
  });
  return { schedule: await viewOf(id), outboxIds };
}

/** A period waiting for its one retry when the schedule stops is not retried: it failed, and says why. */
async function dropWaitingRetries(tx: Tx, scheduleId: string, why: string) {
  await tx.recurringDepositPeriod.updateMany({ where: { scheduleId, status: "RETRY_SCHEDULED" }, data: { status: "FAILED", failureMessage: why } });
}

async function stop(tx: Tx, user: CurrentUser | null, schedule: RecurringDeposit, status: "PAUSED" | "CANCELLED", context: RequestContext, reason?: string) {
  const changed = await tx.recurringDeposit.update({
    where: { id: schedule.id },
    data: { status, version: { increment: 1 }, nextPeriodDate: null, nextRunAt: null, ...(status === "CANCELLED" ? { cancelledAt: new Date() } : {}) },
  });
  await dropWaitingRetries(tx, schedule.id, `Not retried: the recurring deposit was ${status === "PAUSED" ? "paused" : "cancelled"}.`);
  await audit(tx, status === "PAUSED" ? "RECURRING_DEPOSIT_PAUSED" : "RECURRING_DEPOSIT_CANCELLED", user, changed, context, reason ? { reason } : {});
  return announceChange(tx, changed, true);
}

export async function pauseRecurringDeposit(user: CurrentUser, id: string, context: RequestContext): Promise<ScheduleChange> {
  const outboxIds = await db.$transaction(async (tx) => {
    const schedule = await lockOwnSchedule(tx, user, id);
    if (schedule.status !== "ACTIVE") throw new Conflict("This recurring deposit is already paused.");
    return [await stop(tx, user, schedule, "PAUSED", context)];
  });
  return { schedule: await viewOf(id), outboxIds };
}

export async function cancelRecurringDeposit(user: CurrentUser, id: string, context: RequestContext): Promise<ScheduleChange> {
  const outboxIds = await db.$transaction(async (tx) => [await stop(tx, user, await lockOwnSchedule(tx, user, id), "CANCELLED", context)]);
  return { schedule: await viewOf(id), outboxIds };
}

/** Resumes a paused schedule from its next date after tomorrow (periods missed while paused are not made up). */
export async function resumeRecurringDeposit(user: CurrentUser, id: string, context: RequestContext, now = new Date()): Promise<ScheduleChange> {
  const outboxIds = await db.$transaction(async (tx) => {
    const schedule = await lockOwnSchedule(tx, user, id);
    if (schedule.status !== "PAUSED") throw new Conflict("Only a paused recurring deposit can be resumed.");
    const bank = await tx.linkedBankAccount.findUniqueOrThrow({ where: { id: schedule.bankAccountId }, select: { status: true } });
    if (bank.status !== "VERIFIED") throw new Conflict("Its bank account can no longer be used: change the recurring deposit to another bank.");
    const next = await nextPeriodFor(tx, schedule, ruleOf(schedule), now);
    const changed = await tx.recurringDeposit.update({
      where: { id: schedule.id },
      data: { status: "ACTIVE", version: { increment: 1 }, nextPeriodDate: next, nextRunAt: runAtOf(next, scaleOf(schedule)) },
    });
    await audit(tx, "RECURRING_DEPOSIT_RESUMED", user, changed, context, { nextPeriodDate: isoDate(next) });
    return [await announceChange(tx, changed, false), await enqueuePeriod(tx, changed, next, changed.nextRunAt!)];
  });
  return { schedule: await viewOf(id), outboxIds };
}

/** A removed (or detached) bank's active schedules are paused, in the removal's transaction. */
export async function pauseSchedulesOfBank(tx: Tx, bankAccountId: string, context: RequestContext): Promise<{ count: number; outboxIds: string[] }> {
  const schedules = await tx.recurringDeposit.findMany({ where: { bankAccountId, status: "ACTIVE" } });
  const outboxIds: string[] = [];
  for (const schedule of schedules) outboxIds.push(await stop(tx, null, schedule, "PAUSED", context, "its bank account was removed"));
  return { count: schedules.length, outboxIds };
}

/** The investor's recurring deposits (cancelled ones last), each with its recent periods and their deposits. */
export async function listRecurringDeposits(user: CurrentUser): Promise<RecurringDepositView[]> {
  return recurringDepositsOfAccount((await investmentAccountOf(user)).id);
}

/** An account's recurring deposits, for a reader already allowed to see the account (the JSON API's guard). */
export async function recurringDepositsOfAccount(investmentAccountId: string): Promise<RecurringDepositView[]> {
  const rows = await db.recurringDeposit.findMany({ where: { investmentAccountId }, orderBy: [{ status: "asc" }, { createdAt: "desc" }], select: viewSelect });
  return rows.map(toView);
}

export async function recurringDepositOf(user: CurrentUser, id: string): Promise<RecurringDepositView> {
  const account = await investmentAccountOf(user);
  const row = z.uuid().safeParse(id).success ? await db.recurringDeposit.findFirst({ where: { id, investmentAccountId: account.id }, select: viewSelect }) : null;
  if (!row) throw new NotFound("No such recurring deposit.");
  return toView(row);
}
