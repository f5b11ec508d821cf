import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { accountOf } from "../payments/deposits";
import { benchmarkFor, GROWTH_SCALE, SIXTY_FORTY } from "./benchmark";
import { annualisedVolatility, inRange, maxDrawdown, moneyWeightedReturn, timeWeightedReturn, type Range, type Snapshot } from "./returns";

export const RANGES: Range[] = ["1M", "3M", "YTD", "1Y", "ALL"];

export interface Performance {
  range: Range;
  /** Ratios (0.05 = 5%); null when the range has too few days. */
  timeWeighted: number | null;
  moneyWeighted: number | null;
  volatility: number | null;
  maxDrawdown: number | null;
  /** Daily value in cents, for the chart; `benchmark` is what the first day's value would be in the benchmark. */
  series: { date: string; value: bigint; benchmark: bigint | null }[];
  benchmark: { name: string; return: number | null };
}

/** Returns and risk for a range, from the investor's daily snapshots. */
export async function performanceOf(user: CurrentUser, range: Range): Promise<Performance> {
  return performanceOfAccount((await accountOf(user)).id, range);
}

export async function performanceOfAccount(investmentAccountId: string, range: Range): Promise<Performance> {
  // Only the range's days and the base day before them are read (a year of a five-year history, not all of it),
  // in one statement: the boundary is counted back from the last snapshot as rangeBoundary() counts it.
  // Rows come from PortfolioSnapshot_series_idx alone, in its order. They travel as one text value,
  // "date,value,flow;…": a year of days as rows cost more to receive and convert than everything else here.
  const rows =
    range === "ALL"
      ? await db.$queryRaw<{ series: string | null }[]>`
          SELECT string_agg(concat_ws(',', s."date", s."marketValue" + s."cash", s."netFlow"), ';' ORDER BY s."date") AS series
          FROM "PortfolioSnapshot" s WHERE "investmentAccountId" = ${investmentAccountId}::uuid`
      : await db.$queryRaw<{ series: string | null }[]>`
          WITH last AS (
            SELECT max("date") AS day FROM "PortfolioSnapshot" WHERE "investmentAccountId" = ${investmentAccountId}::uuid
          ), boundary AS (
            SELECT CASE ${range}::text
              WHEN '1M' THEN (day - interval '1 month')::date
              WHEN '3M' THEN (day - interval '3 months')::date
              WHEN '1Y' THEN (day - interval '1 year')::date
              ELSE (date_trunc('year', day) - interval '1 day')::date
            END AS day FROM last
          )
          SELECT string_agg(concat_ws(',', s."date", s."marketValue" + s."cash", s."netFlow"), ';' ORDER BY s."date") AS series
          FROM "PortfolioSnapshot" s
          WHERE "investmentAccountId" = ${investmentAccountId}::uuid
            AND s."date" >= coalesce((
              SELECT max("date") FROM "PortfolioSnapshot"
              WHERE "investmentAccountId" = ${investmentAccountId}::uuid AND "date" <= (SELECT day FROM boundary)
            ), (SELECT day FROM boundary))`;
  const snapshots = parseSeries(rows[0]?.series ?? null);
  const window = inRange(snapshots, range);
  const enough = window.length >= 2;
  const index = enough ? await benchmarkFor(window.map((s) => s.date)) : null;
  const first = window[0]?.value ?? 0n;
  return {
    range,
    timeWeighted: enough ? timeWeightedReturn(window) : null,
    moneyWeighted: enough ? moneyWeightedReturn(window) : null,
    volatility: window.length >= 3 ? annualisedVolatility(window) : null,
    maxDrawdown: enough ? maxDrawdown(window) : null,
    series: window.map((s, i) => ({
      date: s.date,
      value: s.value,
      // What the first day's value would have become in the benchmark: cents × growth, rounded half up.
      benchmark: index ? (first * index[i]! * 2n + GROWTH_SCALE) / (2n * GROWTH_SCALE) : null,
    })),
    benchmark: { name: SIXTY_FORTY.name, return: index ? Number(index.at(-1)! - GROWTH_SCALE) / Number(GROWTH_SCALE) : null },
  };
}

/** "2026-01-02,100000,100000;2026-01-05,100250,0" (date, value in cents, net flow in cents) as snapshots. */
export function parseSeries(series: string | null): Snapshot[] {
  if (!series) return [];
  return series.split(";").map((day) => {
    const [date, value, flow] = day.split(",");
    return { date: date!, value: BigInt(value!), flow: BigInt(flow!) };
  });
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
