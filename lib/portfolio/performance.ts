import Decimal from "decimal.js";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { investmentAccountOf } from "../payments/deposits";
import { benchmarkFor, SIXTY_FORTY } from "./benchmark";
import { annualisedVolatility, inRange, maxDrawdown, moneyWeightedReturn, rangeBoundary, timeWeightedReturn, type Range, type Snapshot } from "./returns";

export const RANGES: Range[] = ["1M", "3M", "YTD", "1Y", "ALL"];

export interface Performance {
  range: Range;
  timeWeighted: Decimal | null;
  moneyWeighted: Decimal | null;
  volatility: Decimal | null;
  maxDrawdown: Decimal | null;
  /** Daily value in cents, for the chart; `benchmark` is what the first day's value would be in the benchmark. */
  series: { date: string; value: bigint; benchmark: bigint | null }[];
  benchmark: { name: string; return: Decimal | null };
}

const CENTS = new Decimal(100);

/** Returns and risk for a range, from the investor's daily snapshots. */
export async function performanceOf(user: CurrentUser, range: Range): Promise<Performance> {
  return performanceOfAccount((await investmentAccountOf(user)).id, range);
}

export async function performanceOfAccount(investmentAccountId: string, range: Range): Promise<Performance> {
  // Only the range's days (and the base day before them) are read: a year of a five-year history, not all of it.
  let since: string | null = null;
  if (range !== "ALL") {
    const [last] = await db.$queryRaw<{ date: string | null }[]>`
      SELECT max("date")::text AS date FROM "PortfolioSnapshot" WHERE "investmentAccountId" = ${investmentAccountId}::uuid`;
    since = last?.date ? rangeBoundary(last.date, range) : null;
  }
  const rows = await db.$queryRaw<{ date: string; value: bigint; flow: bigint }[]>`
    SELECT "date"::text AS date, "marketValue" + "cash" AS value, "netFlow" AS flow
    FROM "PortfolioSnapshot"
    WHERE "investmentAccountId" = ${investmentAccountId}::uuid
      AND (${since}::date IS NULL OR "date" >= coalesce((
        SELECT max("date") FROM "PortfolioSnapshot" WHERE "investmentAccountId" = ${investmentAccountId}::uuid AND "date" <= ${since}::date
      ), ${since}::date))
    ORDER BY "date"`;
  const snapshots: Snapshot[] = rows.map((row) => ({
    date: row.date,
    value: new Decimal(row.value.toString()).dividedBy(CENTS),
    flow: new Decimal(row.flow.toString()).dividedBy(CENTS),
  }));
  const window = inRange(snapshots, range);
  const enough = window.length >= 2;
  const index = enough ? await benchmarkFor(window.map((s) => s.date)) : null;
  // The chart's values straight from the stored cents (the window is the rows' tail).
  const cents = rows.slice(rows.length - window.length).map((row) => row.value);
  return {
    range,
    timeWeighted: enough ? timeWeightedReturn(window) : null,
    moneyWeighted: enough ? moneyWeightedReturn(window) : null,
    volatility: window.length >= 3 ? annualisedVolatility(window) : null,
    maxDrawdown: enough ? maxDrawdown(window) : null,
    series: window.map((s, i) => ({
      date: s.date,
      value: cents[i]!,
      benchmark: index ? BigInt(index[i]!.times(cents[0]!.toString()).toFixed(0)) : null,
    })),
    benchmark: { name: SIXTY_FORTY.name, return: index ? index.at(-1)!.minus(1) : null },
  };
}
