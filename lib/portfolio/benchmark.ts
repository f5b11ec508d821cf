/**
 * The benchmark a portfolio is compared with: a 60/40 mix of US stocks (VTI) and US bonds (BND), rebalanced
 * daily, from split-adjusted daily closes. Pure given the closes; `benchmarkFor` reads them.
 */
import Decimal from "decimal.js";
import { db } from "../db";
import { splitAdjusted, splitsOf } from "../market-data/corporate-actions";

export const SIXTY_FORTY = { name: "60/40 stocks and bonds (VTI/BND)", weights: { VTI: new Decimal("0.6"), BND: new Decimal("0.4") } };

/** Closes by symbol and date (YYYY-MM-DD). */
export type Closes = Record<string, Map<string, Decimal>>;

/**
 * The benchmark's growth index on each of `dates` (1 on the first), using each symbol's latest close on or
 * before the date. Null when a symbol has no close on or before the first date.
 */
export function benchmarkIndex(dates: string[], weights: Record<string, Decimal>, closes: Closes): Decimal[] | null {
  if (dates.length === 0) return [];
  const symbols = Object.keys(weights);
  // Each symbol's closes in date order, walked once alongside the (ascending) dates.
  const ordered = symbols.map((symbol) => [...(closes[symbol] ?? new Map<string, Decimal>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const cursor = symbols.map(() => -1);
  const closesOn = (date: string): (Decimal | null)[] =>
    ordered.map((series, i) => {
      while (cursor[i]! + 1 < series.length && series[cursor[i]! + 1]![0] <= date) cursor[i]!++;
      return cursor[i]! >= 0 ? series[cursor[i]!]![1] : null;
    });
  let previous = closesOn(dates[0]!);
  if (previous.some((c) => c === null)) return null;
  let index = new Decimal(1);
  const series = [index];
  for (const date of dates.slice(1)) {
    const current = closesOn(date) as Decimal[];
    const r = symbols.reduce((sum, s, i) => sum.plus(weights[s]!.times(current[i]!.dividedBy(previous[i]!).minus(1))), new Decimal(0));
    index = index.times(r.plus(1));
    series.push(index);
    previous = current;
  }
  return series;
}

/** Reads the closes the benchmark needs for `dates` and returns its index, or null without the history. */
export async function benchmarkFor(dates: string[]): Promise<Decimal[] | null> {
  if (dates.length < 2) return null;
  const symbols = Object.keys(SIXTY_FORTY.weights);
  const assets = await db.asset.findMany({ where: { symbol: { in: symbols } } });
  const since = new Date(Date.parse(`${dates[0]}T00:00:00Z`) - 10 * 86_400_000);
  const closes: Closes = {};
  for (const asset of assets) {
    const [bars, splits] = await Promise.all([
      db.priceBar.findMany({ where: { assetId: asset.id, date: { gte: since, lte: new Date(`${dates.at(-1)}T00:00:00Z`) } }, select: { date: true, close: true } }),
      splitsOf(asset.symbol),
    ]);
    closes[asset.symbol] = new Map(
      bars.map((bar) => {
        const date = bar.date.toISOString().slice(0, 10);
        return [date, splitAdjusted(new Decimal(bar.close.toString()), date, splits)];
      }),
    );
  }
  return benchmarkIndex(dates, SIXTY_FORTY.weights, closes);
}
