/**
 * Performance figures from daily snapshots, pure. A snapshot is the account's value at the end of a day
 * (holdings at that day's prices plus cash) and the external flow of that day (deposits positive,
 * withdrawals negative), in cents: money stays exact bigint. Flows are taken to arrive at the end of their day.
 *
 * Returns, volatility and drawdown are ratios, not money. They are computed in binary64: its 15–16
 * significant digits are far beyond the two decimal places of a percentage shown, results are rounded to
 * 12 places to drop the last bit of noise, and it keeps a five-year daily history cheap enough to compute on
 * every request (arbitrary-precision decimals cost 20 ms a request here). No amount of money is derived from
 * them: the benchmark's line is computed in integers (benchmark.ts).
 */

export interface Snapshot {
  /** YYYY-MM-DD */
  date: string;
  /** Cents. */
  value: bigint;
  /** Cents in (positive) or out (negative) that day. */
  flow: bigint;
}

const DAY_MS = 86_400_000;
const TRADING_DAYS = 252;
/** The daily rate is solved to this precision. */
const TOLERANCE = 1e-15;

/** A ratio rounded to 12 decimal places: 0.1 stays 0.1, not 0.09999999999999987. */
const tidy = (ratio: number) => Math.round(ratio * 1e12) / 1e12 + 0; // + 0 turns −0 into 0

const dailyReturnsOf = new WeakMap<Snapshot[], { date: string; r: number }[]>();

/**
 * Each day's return with that day's flow taken out: (V_t − F_t) / V_(t−1) − 1. Days after a zero value are
 * skipped. Computed once per series (the figures below all start from it).
 */
export function dailyReturns(snapshots: Snapshot[]): { date: string; r: number }[] {
  const known = dailyReturnsOf.get(snapshots);
  if (known) return known;
  const returns: { date: string; r: number }[] = [];
  for (let i = 1; i < snapshots.length; i++) {
    const previous = snapshots[i - 1]!.value;
    if (previous <= 0n) continue;
    const today = snapshots[i]!;
    returns.push({ date: today.date, r: Number(today.value - today.flow) / Number(previous) - 1 });
  }
  dailyReturnsOf.set(snapshots, returns);
  return returns;
}

/** Time-weighted return: daily returns linked, so deposits and withdrawals do not count as performance. */
export function timeWeightedReturn(snapshots: Snapshot[]): number {
  return tidy(dailyReturns(snapshots).reduce((growth, { r }) => growth * (1 + r), 1) - 1);
}

/**
 * Money-weighted return (the internal rate of return) over the period, not annualised: the rate at which the
 * starting value and every flow grow to the ending value. Solved for the daily rate by Newton's method kept
 * inside a bracket that halves whenever a step would leave it, so it always converges.
 */
export function moneyWeightedReturn(snapshots: Snapshot[]): number | null {
  if (snapshots.length < 2) return null;
  const start = Date.parse(`${snapshots[0]!.date}T00:00:00Z`);
  const days = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - start) / DAY_MS);
  const horizon = days(snapshots.at(-1)!.date);
  if (horizon <= 0) return null;
  // What the investor put in (at the start and with each flow) and took out (the end value), as days before
  // the horizon that each amount has to grow.
  const cashflows = [
    { n: horizon, amount: -Number(snapshots[0]!.value) },
    ...snapshots.slice(1).filter((s) => s.flow !== 0n).map((s) => ({ n: horizon - days(s.date), amount: -Number(s.flow) })),
    { n: 0, amount: Number(snapshots.at(-1)!.value) },
  ].filter((c) => c.amount !== 0);
  if (!cashflows.some((c) => c.amount < 0) || !cashflows.some((c) => c.amount > 0)) return null;
  // Net value at the horizon for a daily rate d: Σ amount × (1 + d)^n. The money put in (negative) grows
  // with d, so the net falls as d rises: the rate is where it crosses zero.
  const net = (d: number) => {
    let value = 0;
    let slope = 0;
    for (const c of cashflows) {
      const grown = (1 + d) ** (c.n - 1);
      value += c.amount * grown * (1 + d);
      slope += c.amount * c.n * grown;
    }
    return { value, slope };
  };
  let low = -0.5;
  let high = 0.5;
  if (net(low).value < 0 || net(high).value > 0) return null;
  let d = 0;
  for (let i = 0; i < 200 && high - low > TOLERANCE; i++) {
    const { value, slope } = net(d);
    if (value === 0) break;
    if (value > 0) low = d;
    else high = d;
    const newton = slope === 0 ? NaN : d - value / slope;
    const next = newton > low && newton < high ? newton : (low + high) / 2;
    const converged = Math.abs(next - d) < TOLERANCE;
    d = next;
    if (converged) break;
  }
  return tidy((1 + d) ** horizon - 1);
}

/** Annualised volatility: the standard deviation of daily returns × √252. */
export function annualisedVolatility(snapshots: Snapshot[]): number {
  const returns = dailyReturns(snapshots).map((d) => d.r);
  if (returns.length < 2) return 0;
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (returns.length - 1);
  return tidy(Math.sqrt(variance) * Math.sqrt(TRADING_DAYS));
}

/** The largest fall from a peak of the time-weighted growth index, as a positive fraction (0.1 = 10%). */
export function maxDrawdown(snapshots: Snapshot[]): number {
  let index = 1;
  let peak = 1;
  let worst = 0;
  for (const { r } of dailyReturns(snapshots)) {
    index *= 1 + r;
    if (index >= peak) peak = index;
    else worst = Math.max(worst, (peak - index) / peak);
  }
  return tidy(worst);
}

export type Range = "1M" | "3M" | "YTD" | "1Y" | "ALL";

/** `months` calendar months before `date`, on the same day or the month's last (Mar 31 − 1 month = Feb 28). */
function monthsBefore(date: Date, months: number): Date {
  const first = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(date.getUTCDate(), lastDay)));
}

/**
 * The last day before a range that ends on `end` (YYYY-MM-DD): its value is the range's base. Null for ALL.
 * Months are calendar months as PostgreSQL counts them (`date - interval '1 month'`), which the performance
 * query uses to read only the range.
 */
export function rangeBoundary(end: string, range: Range): string | null {
  if (range === "ALL") return null;
  const last = new Date(`${end}T00:00:00Z`);
  const months = { "1M": 1, "3M": 3, "1Y": 12 } as const;
  const from = range === "YTD" ? new Date(Date.UTC(last.getUTCFullYear(), 0, 0)) : monthsBefore(last, months[range]);
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

/** A ratio to `places` decimals, never "-0.00…" for a tiny negative. */
export function fixedRatio(ratio: number, places: number): string {
  const text = ratio.toFixed(places);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}
