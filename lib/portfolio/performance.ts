import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { accountOf } from "../payments/deposits";
import { benchmarkFor, benchmarkLine, GROWTH_SCALE, SIXTY_FORTY } from "./benchmark";
import {
  annualised,
  annualisedVolatility,
  inRange,
  maxDrawdown,
  moneyWeightedReturn,
  periodDays,
  timeWeightedReturn,
  type Flow,
  type MoneyWeighted,
  type Range,
  type Snapshot,
} from "./returns";

export const RANGES: Range[] = ["1M", "3M", "YTD", "1Y", "ALL"];

export interface Performance {
  range: Range;
  /**
   * The days the figures cover: from the value at the end of the day before `from` to the value at the end of
   * `to` (UTC dates), `days` calendar days. Null when the range has too few days.
   */
  period: { from: string; to: string; days: number } | null;
  /** Ratios (0.05 = 5%), cumulative over the period; null when the range has too few days. */
  timeWeighted: number | null;
  /** The time-weighted return per year; null when the period is shorter than a year. */
  timeWeightedAnnualised: number | null;
  moneyWeighted: MoneyWeighted;
  /** Annualised. */
  volatility: number | null;
  maxDrawdown: number | null;
  /**
   * Daily value in cents, for the chart; `benchmark` is what the same deposits and withdrawals, on the same days,
   * would be worth in the benchmark; `deposits` is the value at the start plus the money paid in less the money
   * taken out since (what the account would hold had nothing grown).
   */
  series: { date: string; value: bigint; benchmark: bigint | null; deposits: bigint }[];
  /** The benchmark's time-weighted return over the same period, cumulative and per year (a year or more). */
  benchmark: { name: string; return: number | null; annualised: number | null };
}

/** Returns and risk for a range, from the investor's daily snapshots. */
export async function performanceOf(user: CurrentUser, range: Range): Promise<Performance> {
  return performanceOfAccount((await accountOf(user)).id, range);
}

export async function performanceOfAccount(investmentAccountId: string, range: Range): Promise<Performance> {
  const window = await snapshotsOf(investmentAccountId, range);
  const enough = window.length >= 2;
  const growth = enough ? await benchmarkFor(window.map((s) => s.date)) : null;
  const line = growth ? benchmarkLine(window, growth) : null;
  const days = periodDays(window);
  const twr = enough ? timeWeightedReturn(window) : null;
  const benchmarkReturn = growth ? Number(growth.at(-1)! - GROWTH_SCALE) / Number(GROWTH_SCALE) : null;
  return {
    range,
    period: enough ? { from: nextDay(window[0]!.date), to: window.at(-1)!.date, days } : null,
    timeWeighted: twr,
    timeWeightedAnnualised: twr === null ? null : annualised(twr, days),
    moneyWeighted: moneyWeightedReturn(window),
    volatility: window.length >= 3 ? annualisedVolatility(window) : null,
    maxDrawdown: enough ? maxDrawdown(window) : null,
    series: withNetDeposits(window).map((s, i) => ({ date: s.date, value: s.value, benchmark: line ? line[i]! : null, deposits: s.deposits })),
    benchmark: { name: SIXTY_FORTY.name, return: benchmarkReturn, annualised: benchmarkReturn === null ? null : annualised(benchmarkReturn, days) },
  };
}

/** Each day with the first day's value plus the net flows of the days after it. */
function withNetDeposits(window: Snapshot[]): (Snapshot & { deposits: bigint })[] {
  let deposits = window[0]?.value ?? 0n;
  return window.map((s, i) => {
    if (i > 0) deposits += s.flow;
    return { ...s, deposits };
  });
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * A range's snapshots, each with the flows of its day valued when they moved, starting from the base day.
 *
 * Only the range's days and the base day before them are read (a year of a five-year history, not all of it),
 * in one statement: the boundary is counted back from the last snapshot as rangeBoundary() counts it.
 * Rows come from PortfolioSnapshot_series_idx and PortfolioFlow_series_idx alone, in their order. They travel
 * as text values, "date,value,flow;…" and "date,before,amount;…": a year of days as rows cost more to receive
 * and convert than everything else here.
 */
export async function snapshotsOf(investmentAccountId: string, range: Range): Promise<Snapshot[]> {
  const [row] = await db.$queryRaw<{ series: string | null; flows: string | null }[]>`
    WITH last AS (
      SELECT max("date") AS day FROM "PortfolioSnapshot" WHERE "investmentAccountId" = ${investmentAccountId}::uuid
    ), boundary AS (
      SELECT CASE ${range}::text
        WHEN 'ALL' THEN '-infinity'::date
        WHEN '1M' THEN (day - interval '1 month')::date
        WHEN '3M' THEN (day - interval '3 months')::date
        WHEN '1Y' THEN (day - interval '1 year')::date
        ELSE (date_trunc('year', day) - interval '1 day')::date
      END AS day FROM last
    ), base AS (
      SELECT coalesce((
        SELECT max("date") FROM "PortfolioSnapshot"
        WHERE "investmentAccountId" = ${investmentAccountId}::uuid AND "date" <= (SELECT day FROM boundary)
      ), (SELECT day FROM boundary)) AS day
    )
    SELECT
      (SELECT string_agg(concat_ws(',', s."date", s."marketValue" + s."cash", s."netFlow"), ';' ORDER BY s."date")
        FROM "PortfolioSnapshot" s
        WHERE "investmentAccountId" = ${investmentAccountId}::uuid AND s."date" >= (SELECT day FROM base)) AS series,
      (SELECT string_agg(concat_ws(',', (f."at" AT TIME ZONE 'UTC')::date, f."valueBefore", f."amount"), ';' ORDER BY f."at")
        FROM "PortfolioFlow" f
        WHERE "investmentAccountId" = ${investmentAccountId}::uuid AND f."at" >= (SELECT day FROM base)::timestamp AT TIME ZONE 'UTC') AS flows`;
  return inRange(withFlows(parseSeries(row?.series ?? null), row?.flows ?? null), range);
}

/** "2026-01-02,100000,100000;…" (date, value in cents, net flow in cents) as snapshots. */
export function parseSeries(series: string | null): Snapshot[] {
  if (!series) return [];
  return series.split(";").map((day) => {
    const [date, value, flow] = day.split(",");
    return { date: date!, value: BigInt(value!), flow: BigInt(flow!) };
  });
}

/** Attaches "date,before,amount;…" (each flow's UTC date, value just before it and amount, in time order) to its day. */
export function withFlows(snapshots: Snapshot[], flows: string | null): Snapshot[] {
  if (!flows) return snapshots;
  const byDate = new Map<string, Flow[]>();
  for (const flow of flows.split(";")) {
    const [date, before, amount] = flow.split(",");
    byDate.set(date!, [...(byDate.get(date!) ?? []), { before: BigInt(before!), amount: BigInt(amount!) }]);
  }
  return snapshots.map((s) => (byDate.has(s.date) ? { ...s, flows: byDate.get(s.date)! } : s));
}

/**
 * At most `max` points of a series for a chart (a five-year daily series has more points than the chart has
 * pixels): evenly spaced, always keeping the first and the last. The figures are computed from every day.
 */
export function thinned<T>(series: T[], max = 320): T[] {
  if (series.length <= max) return series;
  const step = (series.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => series[Math.round(i * step)]!);
}
