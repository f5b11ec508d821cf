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
/** The daily rate to this precision is far finer than the percentage to two places shown. */
const TOLERANCE = new Decimal("1e-15");

const dailyReturnsOf = new WeakMap<Snapshot[], { date: string; r: Decimal }[]>();

/**
 * Each day's return with that day's flow taken out: (V_t − F_t) / V_(t−1) − 1. Days after a zero value are
 * skipped. Computed once per series (the figures below all start from it).
 */
export function dailyReturns(snapshots: Snapshot[]): { date: string; r: Decimal }[] {
  const known = dailyReturnsOf.get(snapshots);
  if (known) return known;
  const returns: { date: string; r: Decimal }[] = [];
  for (let i = 1; i < snapshots.length; i++) {
    const previous = snapshots[i - 1]!.value;
    if (previous.lessThanOrEqualTo(0)) continue;
    const today = snapshots[i]!;
    returns.push({ date: today.date, r: today.value.minus(today.flow).dividedBy(previous).minus(1) });
  }
  dailyReturnsOf.set(snapshots, returns);
  return returns;
}

/** Time-weighted return: daily returns linked, so deposits and withdrawals do not count as performance. */
export function timeWeightedReturn(snapshots: Snapshot[]): Decimal {
  return dailyReturns(snapshots).reduce((growth, { r }) => growth.times(r.plus(1)), ONE).minus(1);
}

/**
 * Money-weighted return (the internal rate of return) over the period, not annualised: the rate at which the
 * starting value and every flow grow to the ending value. Solved for the daily rate by Newton's method kept
 * inside a bracket that halves whenever a step would leave it, so it always converges.
 */
export function moneyWeightedReturn(snapshots: Snapshot[]): Decimal | null {
  if (snapshots.length < 2) return null;
  const start = Date.parse(`${snapshots[0]!.date}T00:00:00Z`);
  const days = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - start) / DAY_MS);
  const horizon = days(snapshots.at(-1)!.date);
  if (horizon <= 0) return null;
  // What the investor put in (at the start and with each flow) and took out (the end value), as days before
  // the horizon that each amount has to grow.
  const cashflows = [
    { n: horizon, amount: snapshots[0]!.value.negated() },
    ...snapshots.slice(1).filter((s) => !s.flow.isZero()).map((s) => ({ n: horizon - days(s.date), amount: s.flow.negated() })),
    { n: 0, amount: snapshots.at(-1)!.value },
  ].filter((c) => !c.amount.isZero());
  if (!cashflows.some((c) => c.amount.lessThan(0)) || !cashflows.some((c) => c.amount.greaterThan(0))) return null;
  // Net value at the horizon for a daily rate d: Σ amount × (1 + d)^n. The money put in (negative) grows
  // with d, so the net falls as d rises: the rate is where it crosses zero.
  const net = (d: Decimal) => {
    const growth = d.plus(1);
    let value = new Decimal(0);
    let slope = new Decimal(0);
    for (const c of cashflows) {
      if (c.n === 0) {
        value = value.plus(c.amount);
        continue;
      }
      const grown = growth.pow(c.n - 1);
      value = value.plus(c.amount.times(grown).times(growth));
      slope = slope.plus(c.amount.times(c.n).times(grown));
    }
    return { value, slope };
  };
  let low = new Decimal(-0.5);
  let high = new Decimal(0.5);
  if (net(low).value.lessThan(0) || net(high).value.greaterThan(0)) return null;
  let d = new Decimal(0);
  for (let i = 0; i < 100 && high.minus(low).greaterThan(TOLERANCE); i++) {
    const { value, slope } = net(d);
    if (value.isZero()) break;
    if (value.greaterThan(0)) low = d;
    else high = d;
    const newton = slope.isZero() ? null : d.minus(value.dividedBy(slope));
    const next = newton && newton.greaterThan(low) && newton.lessThan(high) ? newton : low.plus(high).dividedBy(2);
    if (next.minus(d).abs().lessThan(TOLERANCE)) {
      d = next;
      break;
    }
    d = next;
  }
  return d.plus(1).pow(horizon).minus(1);
}

/** Annualised volatility: the standard deviation of daily returns × √252. */
export function annualisedVolatility(snapshots: Snapshot[]): Decimal {
  const returns = dailyReturns(snapshots).map((d) => d.r);
  if (returns.length < 2) return new Decimal(0);
  const mean = Decimal.sum(...returns).dividedBy(returns.length);
  const variance = Decimal.sum(
    ...returns.map((r) => {
      const deviation = r.minus(mean);
      return deviation.times(deviation);
    }),
  ).dividedBy(returns.length - 1);
  return variance.sqrt().times(new Decimal(TRADING_DAYS).sqrt());
}

/** The largest fall from a peak of the time-weighted growth index, as a positive fraction (0.1 = 10%). */
export function maxDrawdown(snapshots: Snapshot[]): Decimal {
  let index = ONE;
  let peak = ONE;
  let worst = new Decimal(0);
  for (const { r } of dailyReturns(snapshots)) {
    index = index.times(r.plus(1));
    if (index.greaterThanOrEqualTo(peak)) peak = index;
    else worst = Decimal.max(worst, peak.minus(index).dividedBy(peak));
  }
  return worst;
}

export type Range = "1M" | "3M" | "YTD" | "1Y" | "ALL";

/** The last day before a range that ends on `end` (YYYY-MM-DD): its value is the range's base. Null for ALL. */
export function rangeBoundary(end: string, range: Range): string | null {
  if (range === "ALL") return null;
  const from = new Date(`${end}T00:00:00Z`);
  if (range === "1M") from.setUTCMonth(from.getUTCMonth() - 1);
  if (range === "3M") from.setUTCMonth(from.getUTCMonth() - 3);
  if (range === "1Y") from.setUTCFullYear(from.getUTCFullYear() - 1);
  if (range === "YTD") from.setUTCMonth(0, 0); // December 31 of the previous year
  return from.toISOString().slice(0, 10);
}

/** The snapshots of a range ending at the last snapshot, starting from the last day before it (the base). */
export function inRange(snapshots: Snapshot[], range: Range): Snapshot[] {
  if (range === "ALL" || snapshots.length === 0) return snapshots;
  const boundary = rangeBoundary(snapshots.at(-1)!.date, range)!;
  const firstInside = snapshots.findIndex((s) => s.date > boundary);
  if (firstInside < 0) return [];
  return snapshots.slice(Math.max(0, firstInside - 1));
}
