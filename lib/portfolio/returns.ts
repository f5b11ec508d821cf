/**
 * Performance figures from daily snapshots, pure. A snapshot is the account's value at the end of a day
 * (holdings at that day's prices plus cash) and the external flow of that day (deposits positive,
 * withdrawals negative), both in dollars as decimals. Flows are taken to arrive at the end of their day.
 *
 * Returns and rates are ratios, not money: they are computed in decimals and reported as such.
 */
import Decimal from "decimal.js";

export interface Snapshot {
  /** YYYY-MM-DD */
  date: string;
  value: Decimal;
  flow: Decimal;
}

const ONE = new Decimal(1);
const DAY_MS = 86_400_000;
const TRADING_DAYS = 252;

/** Each day's return with that day's flow taken out: (V_t − F_t) / V_(t−1) − 1. Days after a zero value are skipped. */
export function dailyReturns(snapshots: Snapshot[]): { date: string; r: Decimal }[] {
  const returns: { date: string; r: Decimal }[] = [];
  for (let i = 1; i < snapshots.length; i++) {
    const previous = snapshots[i - 1]!.value;
    if (previous.lessThanOrEqualTo(0)) continue;
    const today = snapshots[i]!;
    returns.push({ date: today.date, r: today.value.minus(today.flow).dividedBy(previous).minus(1) });
  }
  return returns;
}

/** Time-weighted return: daily returns linked, so deposits and withdrawals do not count as performance. */
export function timeWeightedReturn(snapshots: Snapshot[]): Decimal {
  return dailyReturns(snapshots).reduce((growth, { r }) => growth.times(r.plus(1)), ONE).minus(1);
}

/**
 * Money-weighted return (the internal rate of return) over the period, not annualised: the rate at which the
 * starting value and every flow grow to the ending value. Solved by bisection on the daily rate.
 */
export function moneyWeightedReturn(snapshots: Snapshot[]): Decimal | null {
  if (snapshots.length < 2) return null;
  const start = Date.parse(snapshots[0]!.date);
  const days = (date: string) => (Date.parse(date) - start) / DAY_MS;
  const horizon = days(snapshots.at(-1)!.date);
  if (horizon <= 0) return null;
  // What the investor put in (at the start and with each flow) and took out (the end value), in days from start.
  const cashflows = [
    { t: 0, amount: snapshots[0]!.value.negated() },
    ...snapshots.slice(1).map((s) => ({ t: days(s.date), amount: s.flow.negated() })),
    { t: horizon, amount: snapshots.at(-1)!.value },
  ].filter((c) => !c.amount.isZero());
  if (!cashflows.some((c) => c.amount.lessThan(0)) || !cashflows.some((c) => c.amount.greaterThan(0))) return null;
  // Net value at the horizon for a daily rate d: Σ amount × (1 + d)^(horizon − t). The money put in (negative)
  // grows with d, so the net falls as d rises: the rate is where it crosses zero.
  const net = (d: Decimal) => cashflows.reduce((sum, c) => sum.plus(c.amount.times(d.plus(1).pow(horizon - c.t))), new Decimal(0));
  let low = new Decimal(-0.5);
  let high = new Decimal(0.5);
  if (net(low).lessThan(0) || net(high).greaterThan(0)) return null;
  for (let i = 0; i < 100; i++) {
    const mid = low.plus(high).dividedBy(2);
    if (net(mid).greaterThan(0)) low = mid;
    else high = mid;
  }
  return low.plus(high).dividedBy(2).plus(1).pow(horizon).minus(1);
}

/** Annualised volatility: the standard deviation of daily returns × √252. */
export function annualisedVolatility(snapshots: Snapshot[]): Decimal {
  const returns = dailyReturns(snapshots).map((d) => d.r);
  if (returns.length < 2) return new Decimal(0);
  const mean = Decimal.sum(...returns).dividedBy(returns.length);
  const variance = Decimal.sum(...returns.map((r) => r.minus(mean).pow(2))).dividedBy(returns.length - 1);
  return variance.sqrt().times(new Decimal(TRADING_DAYS).sqrt());
}

/** The largest fall from a peak of the time-weighted growth index, as a positive fraction (0.1 = 10%). */
export function maxDrawdown(snapshots: Snapshot[]): Decimal {
  let index = ONE;
  let peak = ONE;
  let worst = new Decimal(0);
  for (const { r } of dailyReturns(snapshots)) {
    index = index.times(r.plus(1));
    peak = Decimal.max(peak, index);
    worst = Decimal.max(worst, peak.minus(index).dividedBy(peak));
  }
  return worst;
}

export type Range = "1M" | "3M" | "YTD" | "1Y" | "ALL";

/** The snapshots of a range ending at the last snapshot, starting from the last day before it (the base). */
export function inRange(snapshots: Snapshot[], range: Range): Snapshot[] {
  if (range === "ALL" || snapshots.length === 0) return snapshots;
  const end = new Date(`${snapshots.at(-1)!.date}T00:00:00Z`);
  const from = new Date(end);
  if (range === "1M") from.setUTCMonth(from.getUTCMonth() - 1);
  if (range === "3M") from.setUTCMonth(from.getUTCMonth() - 3);
  if (range === "1Y") from.setUTCFullYear(from.getUTCFullYear() - 1);
  if (range === "YTD") from.setUTCMonth(0, 0); // December 31 of the previous year
  const boundary = from.toISOString().slice(0, 10);
  const firstInside = snapshots.findIndex((s) => s.date > boundary);
  if (firstInside < 0) return [];
  return snapshots.slice(Math.max(0, firstInside - 1));
}
