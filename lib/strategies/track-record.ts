/**
 * A public strategy's track record, pure (docs/strategies.md): the model's own versions, each from the day it took
 * effect, applied to the real daily closes and income of its funds, rebalanced daily to the version's weights (the
 * same total-return index as the 60/40 benchmark: benchmark.ts `benchmarkIndex`, one implementation). Net of fees,
 * each calendar day costs annualRate / days in that year of the value (the daily accrual of lib/fees/accrual.ts).
 * The figures (time-weighted return, volatility, drawdown) are the ones returns.ts defines for accounts.
 */
import Decimal from "decimal.js";
import { benchmarkIndex, type Closes, type Income } from "../portfolio/benchmark";
import { daysInYear } from "../fees/accrual";
import { annualised, annualisedVolatility, inRange, maxDrawdown, periodDays, rangeBoundary, timeWeightedReturn, type Snapshot } from "../portfolio/returns";

/** A version of the model and the trading day from whose close its weights apply (YYYY-MM-DD). */
export interface VersionInForce {
  from: string;
  weights: Record<string, Decimal>;
}

/**
 * The strategy's gross growth index (1 on its first day) on each of `dates` from the first version's `from` on
 * (earlier dates are dropped: there was no strategy yet). The step from one date to the next is governed by the
 * version in force at the first date's close: the newest whose `from` is on or before it. Null when a fund has
 * no close on or before the day its version starts; empty when no date is on or after the first version's.
 */
export function strategyIndex(dates: string[], versions: VersionInForce[], closes: Closes, income: Income = {}): { dates: string[]; index: Decimal[] } | null {
  const ordered = [...versions].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  if (ordered.length === 0) return { dates: [], index: [] };
  const days = dates.filter((date) => date >= ordered[0]!.from);
  if (days.length === 0) return { dates: [], index: [] };
  // The first day each version governs (as the start of a step), in days' positions.
  const starts = ordered.map((version) => days.findIndex((date) => date >= version.from));
  const index: Decimal[] = [new Decimal(1)];
  for (const [k, version] of ordered.entries()) {
    const start = starts[k]!;
    if (start < 0) break;
    // A later version that takes effect on the same trading day replaces this one before it governs a step.
    const next = starts.slice(k + 1).find((s) => s >= 0) ?? days.length - 1;
    if (next <= start) continue;
    const segment = benchmarkIndex(days.slice(start, next + 1), version.weights, closes, income);
    if (!segment) return null;
    const base = index[start]!;
    for (let i = 1; i < segment.length; i++) index[start + i] = base.times(segment[i]!);
  }
  return { dates: days, index };
}

const DAY_MS = 86_400_000;

/** The calendar days after `from` up to and including `to` (YYYY-MM-DD). */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`) + DAY_MS; t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * The index net of an annual fee: each calendar day after the first date (weekends and holidays too, as the fee
 * accrues) multiplies the value by 1 − annualRate / days in that day's year. A year of 365 days at 0.25 % costs
 * 1 − (1 − 0.0025/365)^365 ≈ 0.24969 % (a fee taken daily from a shrinking value is a hair under the rate).
 */
export function netOfFee(dates: string[], gross: Decimal[], annualRate: Decimal): Decimal[] {
  const net: Decimal[] = [];
  for (let i = 0; i < gross.length; i++) {
    if (i === 0) {
      net.push(new Decimal(1).times(gross[0]!));
      continue;
    }
    const kept = daysBetween(dates[i - 1]!, dates[i]!).reduce(
      (factor, day) => factor.times(new Decimal(1).minus(annualRate.dividedBy(daysInYear(Number(day.slice(0, 4)))))),
      new Decimal(1),
    );
    net.push(net[i - 1]!.times(gross[i]!.dividedBy(gross[i - 1]!)).times(kept));
  }
  return net;
}

/** An index in units of 10⁻¹² as the cents of a snapshot: returns.ts then measures it as it measures an account. */
const INDEX_SCALE = new Decimal("1e12");

export function indexSnapshots(dates: string[], index: Decimal[]): Snapshot[] {
  return dates.map((date, i) => ({ date, value: BigInt(index[i]!.times(INDEX_SCALE).toFixed(0)), flow: 0n }));
}

export interface TrackFigures {
  /** Cumulative time-weighted return since the first day. */
  sinceInception: number;
  /** Since inception per year; null under a year. */
  sinceInceptionAnnualised: number | null;
  /** Null when the history does not cover the whole period. */
  oneMonth: number | null;
  oneYear: number | null;
  /** Annualised standard deviation of daily returns. */
  volatility: number;
  /** Largest fall from a peak, positive (0.1 = 10 %). */
  maxDrawdown: number;
  days: number;
  first: string;
  last: string;
}

/** A period's return, or null when the history starts after the period does (it would be a shorter period's). */
function periodReturn(snapshots: Snapshot[], range: "1M" | "1Y"): number | null {
  const boundary = rangeBoundary(snapshots.at(-1)!.date, range)!;
  if (snapshots[0]!.date > boundary) return null;
  return timeWeightedReturn(inRange(snapshots, range));
}

/** The figures of an index series; null with fewer than two days. */
export function trackFigures(dates: string[], index: Decimal[]): TrackFigures | null {
  if (dates.length < 2) return null;
  const snapshots = indexSnapshots(dates, index);
  const sinceInception = timeWeightedReturn(snapshots);
  const days = periodDays(snapshots);
  return {
    sinceInception,
    sinceInceptionAnnualised: annualised(sinceInception, days),
    oneMonth: periodReturn(snapshots, "1M"),
    oneYear: periodReturn(snapshots, "1Y"),
    volatility: annualisedVolatility(snapshots),
    maxDrawdown: maxDrawdown(snapshots),
    days,
    first: dates[0]!,
    last: dates.at(-1)!,
  };
}

/** Follower counts under this are shown as "fewer than" it: a count of one or two would point at people. */
export const FOLLOWER_COUNT_THRESHOLD = 5;

/** What a strategy's page says about its followers: a count only, never below the threshold. */
export function followersText(count: number): string {
  if (count < FOLLOWER_COUNT_THRESHOLD) return `Fewer than ${FOLLOWER_COUNT_THRESHOLD} investors follow this strategy`;
  return `${count.toLocaleString("en-US")} investors follow this strategy`;
}
