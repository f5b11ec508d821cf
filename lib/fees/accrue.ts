/**
 * Each day's fee accrual (docs/fees.md): for every account with a value on the day (its latest snapshot on or before
 * it: weekends and holidays carry Friday's close), one FeeAccrual row holding the day's annual fee at that value and
 * the day's share of it. Set-based reads a page of accounts at a time; the fee itself is computed by the pure
 * module, so the rule has one home. A day already accrued for an account is left as it was.
 */
import Decimal from "decimal.js";
import { db } from "../db";
import { chargedShare, dailyAccrual, monthDays } from "./accrual";
import { closingValueSql, householdValueSql } from "./household";
import { accountAnnualFee } from "./schedule";
import { listSchedules, parseTiers, scheduleOfSql } from "./schedules";

const FIRST_ID = "00000000-0000-0000-0000-000000000000";
export const ACCRUAL_PAGE = 5_000;

interface Valued {
  id: string;
  value: bigint;
  household: bigint;
  schedule_id: string;
  waived: string | null;
}

/** Accrues one page of accounts (ids after `after`) for `day` (YYYY-MM-DD). Returns the page's last id (null: done) and rows written. */
export async function accruePage(day: string, after: string | null, limit = ACCRUAL_PAGE): Promise<{ last: string | null; count: number; written: number }> {
  const rows = await db.$queryRawUnsafe<Valued[]>(
    `WITH batch AS (
       SELECT a."id", a."userId" FROM "InvestmentAccount" a
       WHERE a."id" > $1::uuid AND a."createdAt" < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'
         AND NOT EXISTS (SELECT 1 FROM "FeeAccrual" f WHERE f."investmentAccountId" = a."id" AND f."day" = $2::date)
       ORDER BY a."id" LIMIT $3
     )
     SELECT b."id", coalesce(v.value, 0)::bigint AS value,
       CASE WHEN v.value > 0 THEN ${householdValueSql(`b."userId"`, "$2::date")} ELSE 0 END AS household,
       ${scheduleOfSql(`b."userId"`)} AS schedule_id,
       (SELECT max(w."fraction")::text FROM "FeeWaiver" w WHERE w."userId" = b."userId" AND $2::date BETWEEN w."from" AND w."to") AS waived
     FROM batch b LEFT JOIN LATERAL (${closingValueSql(`b."id"`, "$2::date")}) v ON true
     ORDER BY b."id"`,
    after ?? FIRST_ID,
    day,
    limit,
  );
  if (rows.length === 0) return { last: null, count: 0, written: 0 };
  const tiers = new Map((await listSchedules()).map((schedule) => [schedule.id, schedule.tiers]));
  const accrued = rows
    .filter((row) => row.value > 0n)
    .map((row) => {
      const waived = new Decimal(row.waived ?? 0);
      const annualFee = accountAnnualFee(tiers.get(row.schedule_id) ?? parseTiers([]), row.value, row.household).times(
        chargedShare(day, [{ from: day, to: day, fraction: waived }]),
      );
      return { ...row, waived, annualFee, amount: dailyAccrual(annualFee, day) };
    });
  const written = accrued.length
    ? await db.$executeRawUnsafe(
        `INSERT INTO "FeeAccrual" ("investmentAccountId", "day", "value", "householdValue", "scheduleId", "annualFee", "amount", "waived")
         SELECT t.a, $1::date, t.v, t.h, t.s, t.f, t.m, t.w
         FROM json_to_recordset($2::json) AS t(a uuid, v bigint, h bigint, s uuid, f numeric, m numeric, w numeric)
         ON CONFLICT DO NOTHING`,
        day,
        JSON.stringify(
          accrued.map((row) => ({
            a: row.id,
            v: row.value.toString(),
            h: row.household.toString(),
            s: row.schedule_id,
            f: row.annualFee.toFixed(10),
            m: row.amount.toFixed(10),
            w: row.waived.toFixed(4),
          })),
        ),
      )
    : 0;
  return { last: rows.length < limit ? null : rows.at(-1)!.id, count: rows.length, written };
}

/** Marks a day accrued for every account (after its last page). */
export async function markDayAccrued(day: string, accounts: number): Promise<void> {
  await db.feeAccrualDay.upsert({ where: { day: new Date(day) }, create: { day: new Date(day), accounts }, update: {} });
}

/** Accrues every account for `day`, page by page (scripts and tests; the workflow runs the pages as steps). */
export async function accrueDay(day: string, limit = ACCRUAL_PAGE): Promise<number> {
  let after: string | null = null;
  let written = 0;
  let accounts = 0;
  do {
    const page = await accruePage(day, after, limit);
    written += page.written;
    accounts += page.count;
    after = page.last;
  } while (after);
  await markDayAccrued(day, accounts);
  return written;
}

/** The days of `month` not yet accrued for every account (the billing run accrues them first, from the snapshots). */
export async function daysToAccrue(month: string): Promise<string[]> {
  const { first, last, days } = monthDays(month);
  const done = await db.feeAccrualDay.findMany({ where: { day: { gte: new Date(first), lte: new Date(last) } }, select: { day: true } });
  const accrued = new Set(done.map((row) => row.day.toISOString().slice(0, 10)));
  return days.filter((day) => !accrued.has(day));
}
