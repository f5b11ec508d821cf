/**
 * What people are shown about fees: the pricing before sign-up, an investor's own fees (settings, the API, the
 * client page) and the advisor's book (revenue this month and what has accrued so far).
 */
import Decimal from "decimal.js";
import { db } from "../db";
import { toDecimalString } from "../money";
import { accountValue } from "../portfolio/account-value";
import { currentMonth } from "./bill";
import { monthDays } from "./accrual";
import { annualFeeOf, blendedRate, tierOf, type FeeTier } from "./schedule";
import { defaultSchedule, listSchedules, scheduleOf } from "./schedules";

export interface TierView {
  from: bigint;
  /** Null for the last band. */
  to: bigint | null;
  /** "0.25 %" */
  rate: string;
}

export const percent = (rate: Decimal) => `${rate.times(100).toDecimalPlaces(4).toString()} %`;

export function tierViews(tiers: FeeTier[]): TierView[] {
  return tiers.map((tier, i) => ({ from: tier.from, to: tiers[i + 1]?.from ?? null, rate: percent(tier.annualRate) }));
}

/** Cents of an exact fee, rounded down (as bills are). */
const cents = (value: Decimal) => BigInt(value.toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0));

/** The default schedule as the landing page shows it, with a worked example. */
export async function pricing(exampleBalance = 5_000_000n) {
  const schedule = await defaultSchedule();
  return {
    tiers: tierViews(schedule.tiers),
    example: { balance: exampleBalance, annualFee: cents(annualFeeOf(schedule.tiers, exampleBalance)) },
  };
}

export interface BillView {
  month: string;
  amount: bigint;
  collected: bigint;
  status: string;
}

/** An investor's fees on one account: schedule, rate, waivers, this year's fees, this month's accrual, past bills. */
export async function feesOf(userId: string, investmentAccountId: string, now = new Date()) {
  const month = currentMonth(now);
  const year = month.slice(0, 4);
  const today = now.toISOString().slice(0, 10);
  const [schedule, value, waivers, bills, accrued] = await Promise.all([
    scheduleOf(userId),
    accountValue(investmentAccountId),
    db.feeWaiver.findMany({ where: { userId, to: { gte: new Date(today) } }, orderBy: { from: "asc" } }),
    db.feeBill.findMany({ where: { investmentAccountId }, orderBy: { month: "desc" }, take: 24 }),
    db.feeAccrual.aggregate({
      where: { investmentAccountId, day: { gte: new Date(monthDays(month).first), lte: new Date(monthDays(month).last) } },
      _sum: { amount: true },
    }),
  ]);
  return {
    schedule: { name: schedule.name, source: schedule.source, tiers: tierViews(schedule.tiers) },
    rate: percent(blendedRate(schedule.tiers, value.total)),
    tier: tierOf(schedule.tiers, value.total),
    value: value.total,
    waivers: waivers.map((w) => ({ from: w.from.toISOString().slice(0, 10), to: w.to.toISOString().slice(0, 10), share: percent(new Decimal(w.fraction.toString())), reason: w.reason })),
    /** Billed for this calendar year's months (cents). */
    thisYear: bills.filter((bill) => bill.month.startsWith(year)).reduce((sum, bill) => sum + bill.amount, 0n),
    /** Accrued so far this month, not yet billed (cents, rounded down). */
    accruedThisMonth: cents(new Decimal((accrued._sum.amount ?? 0).toString())),
    bills: bills.map((bill): BillView => ({ month: bill.month, amount: bill.amount, collected: bill.collected, status: bill.status })),
  };
}

/**
 * The advisor's book this month (New York): fees collected into revenue from their clients' accounts, and fees
 * accrued so far this month (to be billed on the 1st). `advisorId` null: the whole platform (admins).
 */
export async function feeBook(advisorId: string | null, now = new Date()) {
  const month = currentMonth(now);
  const { first, last } = monthDays(month);
  const [row] = await db.$queryRaw<{ collected: bigint; accrued: string; accounts: bigint }[]>`
    WITH book AS (
      SELECT a."id" FROM "InvestmentAccount" a JOIN "User" u ON u."id" = a."userId"
      WHERE ${advisorId}::uuid IS NULL OR u."advisorId" = ${advisorId}::uuid
    )
    SELECT
      (SELECT coalesce(-sum(p."amount"), 0)::bigint FROM "Posting" p
         JOIN "JournalEntry" je ON je."id" = p."entryId"
         JOIN "LedgerAccount" la ON la."id" = p."ledgerAccountId"
         JOIN book ON book."id" = la."investmentAccountId"
       WHERE je."kind" = 'FEE' AND la."kind" = 'INVESTOR_CASH'
         AND je."createdAt" >= (${first}::date)::timestamp AT TIME ZONE 'America/New_York') AS collected,
      (SELECT coalesce(sum(f."amount"), 0)::text FROM "FeeAccrual" f JOIN book ON book."id" = f."investmentAccountId"
       WHERE f."day" BETWEEN ${first}::date AND ${last}::date) AS accrued,
      (SELECT count(*) FROM book) AS accounts`;
  return { month, collected: row!.collected, accrued: cents(new Decimal(row!.accrued)) };
}

/** The admins' fee page: every schedule (bands also as the edit form's text), assignments, recent waivers. */
export async function feeAdminView() {
  const [schedules, assignments, waivers] = await Promise.all([
    listSchedules(),
    db.feeAssignment.findMany({ include: { user: { select: { email: true, role: true } }, schedule: { select: { name: true } } }, orderBy: { assignedAt: "desc" } }),
    db.feeWaiver.findMany({ include: { user: { select: { email: true } } }, orderBy: { createdAt: "desc" }, take: 50 }),
  ]);
  return {
    schedules: schedules.map((schedule) => ({
      ...schedule,
      bands: tierViews(schedule.tiers),
      bandsText: schedule.tiers.map((tier) => `${new Decimal(tier.from.toString()).dividedBy(100).toString()}: ${tier.annualRate.times(100).toString()}`).join("\n"),
    })),
    assignments: assignments.map((a) => ({ userId: a.userId, email: a.user.email, isAdvisor: a.user.role === "ADVISOR", schedule: a.schedule.name })),
    waivers: waivers.map((w) => ({
      id: w.id,
      email: w.user.email,
      from: w.from.toISOString().slice(0, 10),
      to: w.to.toISOString().slice(0, 10),
      share: percent(new Decimal(w.fraction.toString())),
      reason: w.reason,
    })),
  };
}

/** The latest billed months, for operators: accounts, billed, collected, and how many bills still wait for sales. */
export async function billingSummary(months = 3) {
  const rows = await db.$queryRaw<{ month: string; accounts: bigint; billed: bigint; collected: bigint; waiting: bigint }[]>`
    SELECT "month", count(*) AS accounts, sum("amount")::bigint AS billed, sum("collected")::bigint AS collected,
      count(*) FILTER (WHERE "status" IN ('BILLED', 'PARTIALLY_COLLECTED')) AS waiting
    FROM "FeeBill" WHERE "month" IN (SELECT DISTINCT "month" FROM "FeeBill" ORDER BY 1 DESC LIMIT ${months})
    GROUP BY 1 ORDER BY 1 DESC`;
  return rows.map((row) => ({ ...row, accounts: Number(row.accounts), waiting: Number(row.waiting) }));
}

/** The JSON API's view of `feesOf` (amounts as decimal strings, as every v1 amount is). */
export function feesJson(accountId: string, currency: string, fees: Awaited<ReturnType<typeof feesOf>>) {
  const money = (cents: bigint) => toDecimalString(cents, currency);
  return {
    accountId,
    currency,
    schedule: { name: fees.schedule.name, source: fees.schedule.source, tiers: fees.schedule.tiers.map((t) => ({ from: money(t.from), to: t.to === null ? null : money(t.to), annualRate: t.rate })) },
    annualRate: fees.rate,
    tier: fees.tier + 1,
    waivers: fees.waivers,
    feesThisYear: money(fees.thisYear),
    accruedThisMonth: money(fees.accruedThisMonth),
    bills: fees.bills.map((bill) => ({ month: bill.month, amount: money(bill.amount), collected: money(bill.collected), status: bill.status.toLowerCase() })),
  };
}
