import Decimal from "decimal.js";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { investmentAccountOf } from "../payments/deposits";
import { benchmarkFor, SIXTY_FORTY } from "./benchmark";
import { annualisedVolatility, inRange, maxDrawdown, moneyWeightedReturn, timeWeightedReturn, type Range, type Snapshot } from "./returns";

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
  const rows = await db.portfolioSnapshot.findMany({ where: { investmentAccountId }, orderBy: { date: "asc" } });
  const snapshots: Snapshot[] = rows.map((row) => ({
    date: row.date.toISOString().slice(0, 10),
    value: new Decimal((row.marketValue + row.cash).toString()).dividedBy(CENTS),
    flow: new Decimal(row.netFlow.toString()).dividedBy(CENTS),
  }));
  const window = inRange(snapshots, range);
  const enough = window.length >= 2;
  const index = enough ? await benchmarkFor(window.map((s) => s.date)) : null;
  const start = window[0]?.value ?? new Decimal(0);
  return {
    range,
    timeWeighted: enough ? timeWeightedReturn(window) : null,
    moneyWeighted: enough ? moneyWeightedReturn(window) : null,
    volatility: window.length >= 3 ? annualisedVolatility(window) : null,
    maxDrawdown: enough ? maxDrawdown(window) : null,
    series: window.map((s, i) => ({
      date: s.date,
      value: BigInt(s.value.times(CENTS).toFixed(0)),
      benchmark: index ? BigInt(start.times(index[i]!).times(CENTS).toFixed(0)) : null,
    })),
    benchmark: { name: SIXTY_FORTY.name, return: index ? index.at(-1)!.minus(1) : null },
  };
}
