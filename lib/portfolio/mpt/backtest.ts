/**
 * A backtest of fixed target weights over real history: the growth of 1 invested on the first date, REBALANCED
 * DAILY back to the weights (benchmarkIndex: closes split-adjusted, income reinvested at the ex-date's close),
 * and its figures. The index comes from decimal arithmetic; the figures are float64 estimates of the past, not a
 * promise, shown rounded to a tenth of a percent.
 *
 * - Annualised return: (I_end / I_start)^(252 / days) − 1, days = trading days between the first and last date.
 * - Volatility: the standard deviation (divisor n − 1) of the daily simple returns × √252.
 * - Maximum drawdown: the largest fall from a running peak, max over t of 1 − Iₜ / max_{s ≤ t} I_s.
 * - Calendar-year returns: last index of the year / last index of the year before (or the first date's) − 1;
 *   a year the history does not cover from its first to its last trading week is partial, and the worst year
 *   is the lowest of the complete years (null when there is none).
 */
import type Decimal from "decimal.js";
import { benchmarkIndex, type Closes, type Income } from "../benchmark";
import { TRADING_DAYS } from "./estimate";

export interface YearReturn {
  year: number;
  return: number;
  partial: boolean;
}

export interface Backtest {
  dates: string[];
  /** Growth of 1 on each date. */
  index: number[];
  annualisedReturn: number;
  volatility: number;
  maxDrawdown: number;
  years: YearReturn[];
  worstYear: YearReturn | null;
}

/** The figures of a growth index (≥ 2 dates, ascending). */
export function backtestFigures(dates: readonly string[], index: readonly number[]): Backtest {
  const days = index.length - 1;
  const total = index.at(-1)! / index[0]!;
  const daily = index.slice(1).map((value, k) => value / index[k]! - 1);
  const mean = daily.reduce((sum, r) => sum + r, 0) / daily.length;
  const variance = daily.length > 1 ? daily.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (daily.length - 1) : 0;
  let peak = index[0]!;
  let maxDrawdown = 0;
  for (const value of index) {
    peak = Math.max(peak, value);
    maxDrawdown = Math.max(maxDrawdown, 1 - value / peak);
  }
  const years: YearReturn[] = [];
  let start = index[0]!;
  for (let k = 0; k < dates.length; k++) {
    const year = Number(dates[k]!.slice(0, 4));
    const last = k === dates.length - 1 || Number(dates[k + 1]!.slice(0, 4)) !== year;
    if (!last) continue;
    const first = years.length === 0;
    const partial = (first && dates[0]!.slice(5) > "01-07") || (k === dates.length - 1 && dates[k]!.slice(5) < "12-24");
    years.push({ year, return: index[k]! / start - 1, partial });
    start = index[k]!;
  }
  const complete = years.filter((y) => !y.partial);
  return {
    dates: [...dates],
    index: [...index],
    annualisedReturn: days > 0 ? total ** (TRADING_DAYS / days) - 1 : 0,
    volatility: Math.sqrt(variance * TRADING_DAYS),
    maxDrawdown,
    years,
    worstYear: complete.length ? complete.reduce((worst, y) => (y.return < worst.return ? y : worst)) : null,
  };
}

/** Backtests `weights` (fractions adding up to 1) over `dates`; null when a symbol has no close on the first date. */
export function backtest(dates: string[], weights: Record<string, Decimal>, closes: Closes, income: Income = {}): Backtest | null {
  if (dates.length < 2) return null;
  const index = benchmarkIndex(dates, weights, closes, income);
  return index ? backtestFigures(dates, index.map((v) => v.toNumber())) : null;
}
