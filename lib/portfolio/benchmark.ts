/**
 * The benchmark a portfolio is compared with: a 60/40 mix of US stocks (VTI) and US bonds (BND), rebalanced
 * daily, from split-adjusted daily closes and the income each fund pays (a total-return index). Pure given the
 * closes and the income; `benchmarkFor` reads them. `benchmarkLine` turns it into what the investor's own
 * deposits and withdrawals would have become in it.
 */
import Decimal from "decimal.js";
import { db } from "../db";
import { splitAdjusted, splitsOf } from "../market-data/corporate-actions";
import { historyVersion } from "../market-data/history-version";

export const SIXTY_FORTY = { name: "60/40 stocks and bonds (VTI/BND)", weights: { VTI: new Decimal("0.6"), BND: new Decimal("0.4") } };

/** Closes by symbol and date (YYYY-MM-DD). */
export type Closes = Record<string, Map<string, Decimal>>;

/** Income (cash dividends, distributions) per share by symbol and ex-date, in dollars, on the closes' share basis. */
export type Income = Record<string, Map<string, Decimal>>;

/**
 * The benchmark's total-return growth index on each of `dates` (1 on the first), using each symbol's latest
 * close on or before the date: a fund's return over a step is (close + income per share with an ex-date in the
 * step) / previous close − 1, so income is reinvested at the ex-date's close. Null when a symbol has no close on
 * or before the first date.
 */
export function benchmarkIndex(dates: string[], weights: Record<string, Decimal>, closes: Closes, income: Income = {}): Decimal[] | null {
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
  // Income paid per share after one date, up to and including the next.
  const paid = (symbol: string, after: string, through: string) =>
    [...(income[symbol] ?? [])].reduce((sum, [exDate, amount]) => (exDate > after && exDate <= through ? sum.plus(amount) : sum), new Decimal(0));
  let previous = closesOn(dates[0]!);
  if (previous.some((c) => c === null)) return null;
  let index = new Decimal(1);
  const series = [index];
  for (const [step, date] of dates.slice(1).entries()) {
    const current = closesOn(date) as Decimal[];
    const r = symbols.reduce(
      (sum, s, i) => sum.plus(weights[s]!.times(current[i]!.plus(paid(s, dates[step]!, date)).dividedBy(previous[i]!).minus(1))),
      new Decimal(0),
    );
    index = index.times(r.plus(1));
    series.push(index);
    previous = current;
  }
  return series;
}

/**
 * Income per share by symbol and ex-date for the benchmark's funds: the cash dividends recorded for them (by staff,
 * or from an imported dividend column), split-adjusted like the closes, so each is on today's share basis.
 */
export async function incomeBySymbol(symbols: string[]): Promise<Income> {
  const dividends = await db.corporateAction.findMany({
    where: { kind: "CASH_DIVIDEND", symbol: { in: symbols } },
    select: { symbol: true, exDate: true, amountPerShare: true },
  });
  const income: Income = Object.fromEntries(symbols.map((symbol) => [symbol, new Map<string, Decimal>()]));
  const splits = Object.fromEntries(await Promise.all(symbols.map(async (symbol) => [symbol, await splitsOf(symbol)] as const)));
  for (const dividend of dividends) {
    if (!dividend.amountPerShare) continue;
    const exDate = dividend.exDate.toISOString().slice(0, 10);
    const perShare = splitAdjusted(new Decimal(dividend.amountPerShare.toString()), exDate, splits[dividend.symbol] ?? []);
    const paid = income[dividend.symbol]!;
    paid.set(exDate, (paid.get(exDate) ?? new Decimal(0)).plus(perShare));
  }
  return income;
}

/**
 * What the same money, moved on the same days, would be worth in the benchmark, in cents, on each day of the
 * series: the first day's value is invested at that day's close, and each later day's net flow is added at
 * (taken out at) that day's close, since the benchmark has one price a day. Kept as units of the index (exact
 * bigint), so each day's value is rounded once, half up, and rounding never accumulates. `growth` is the index
 * on each day in GROWTH_SCALE units (benchmarkFor). A benchmark that could not have paid a withdrawal goes below
 * zero: the line shows it rather than hiding it.
 */
export function benchmarkLine(days: { value: bigint; flow: bigint }[], growth: bigint[]): bigint[] {
  const scale = GROWTH_SCALE * GROWTH_SCALE;
  let units = 0n;
  return days.map((day, i) => {
    const money = i === 0 ? day.value : day.flow;
    units += (money * scale) / growth[i]!;
    const value = units * growth[i]!;
    // Half up, also below zero.
    return value >= 0n ? (value * 2n + scale) / (2n * scale) : -((-value * 2n + scale) / (2n * scale));
  });
}

/** The benchmark's daily index over its whole history, shared by every request for a minute. */
interface History {
  dates: string[];
  /** The index on each date × GROWTH_SCALE, as an integer. */
  scaled: bigint[];
}

/** Growth factors are integers in units of 10⁻¹⁸: exact arithmetic for the money line drawn from them. */
export const GROWTH_SCALE = 10n ** 18n;
const HISTORY_MS = 60_000;
let history: { until: number; version: number; value: Promise<History> } | null = null;

/** Every daily close of these funds, split-adjusted to today's share basis, and the trading days any of them has. */
export async function splitAdjustedCloses(symbols: string[]): Promise<{ closes: Closes; dates: Set<string> }> {
  const assets = await db.asset.findMany({ where: { symbol: { in: symbols } }, select: { id: true, symbol: true } });
  const closes: Closes = {};
  const dates = new Set<string>();
  await Promise.all(
    assets.map(async (asset) => {
      const [bars, splits] = await Promise.all([
        db.$queryRaw<{ date: string; close: string }[]>`
          SELECT "date"::text AS date, "close"::text AS close FROM "PriceBar" WHERE "assetId" = ${asset.id}::uuid ORDER BY "date"`,
        splitsOf(asset.symbol),
      ]);
      closes[asset.symbol] = new Map(bars.map((bar) => [bar.date, splitAdjusted(new Decimal(bar.close), bar.date, splits)]));
      for (const bar of bars) dates.add(bar.date);
    }),
  );
  return { closes, dates };
}

async function loadHistory(): Promise<History> {
  const symbols = Object.keys(SIXTY_FORTY.weights);
  const [income, { closes, dates }] = await Promise.all([incomeBySymbol(symbols), splitAdjustedCloses(symbols)]);
  // From the first day both funds have a close.
  const firsts = symbols.map((symbol) => [...(closes[symbol]?.keys() ?? [])][0]);
  if (firsts.some((first) => first === undefined)) return { dates: [], scaled: [] };
  const start = firsts.reduce((a, b) => (a! > b! ? a : b))!;
  const all = [...dates].filter((date) => date >= start).sort();
  const index = benchmarkIndex(all, SIXTY_FORTY.weights, closes, income) ?? [];
  return { dates: all, scaled: index.map((value) => BigInt(value.times(GROWTH_SCALE.toString()).toFixed(0))) };
}

/**
 * The benchmark's growth on each of `dates` (ascending; GROWTH_SCALE on the first), from the daily index on
 * the last trading day on or before each date. Null when the history does not reach back to the first date.
 */
export async function benchmarkFor(dates: string[]): Promise<bigint[] | null> {
  if (dates.length < 2) return null;
  const now = Date.now();
  // Recomputed after a minute, or at once when this process wrote bars or splits.
  if (!history || history.until <= now || history.version !== historyVersion()) {
    const value = loadHistory();
    const entry = { until: now + HISTORY_MS, version: historyVersion(), value };
    history = entry;
    value.catch(() => {
      if (history === entry) history = null;
    });
  }
  const { dates: days, scaled } = await history.value;
  let cursor = -1;
  const on = (date: string) => {
    while (cursor + 1 < days.length && days[cursor + 1]! <= date) cursor++;
    return cursor >= 0 ? scaled[cursor]! : null;
  };
  const base = on(dates[0]!);
  if (!base) return null;
  // growth = index / base, in GROWTH_SCALE units, rounded half up
  return [GROWTH_SCALE, ...dates.slice(1).map((date) => (on(date)! * GROWTH_SCALE * 2n + base) / (2n * base))];
}
