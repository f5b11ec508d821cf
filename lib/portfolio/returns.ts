/**
 * Performance figures from daily snapshots, pure; docs/returns.md defines each one. A snapshot is the account's
 * value at its last valuation of a UTC day (holdings at the latest prices plus cash) and the external flows of
 * that day (deposits positive, withdrawals negative), in cents: money stays exact bigint. Each flow carries the
 * account's value just before it (recorded when the money moved), so a day's return is chain-linked through its
 * flows: investing a deposit within seconds, on a day the market moves, is never performance.
 *
 * Returns, volatility and drawdown are ratios, not money. They are computed in binary64: its 15–16
 * significant digits are far beyond the two decimal places of a percentage shown, results are rounded to
 * 12 places to drop the last bit of noise, and it keeps a five-year daily history cheap enough to compute on
 * every request (arbitrary-precision decimals cost 20 ms a request here). No amount of money is derived from
 * them: the benchmark's line is computed in integers (benchmark.ts).
 */

/** An external flow within a day, in the order they happened. Cents. */
export interface Flow {
  /** The account's value just before the money moved. */
  before: bigint;
  /** In (positive) or out (negative). */
  amount: bigint;
}

export interface Snapshot {
  /** YYYY-MM-DD */
  date: string;
  /** Cents. */
  value: bigint;
  /** Cents in (positive) or out (negative) that day. */
  flow: bigint;
  /**
   * That day's flows valued when they moved, in time order. Any part of `flow` without one (history from before
   * flows were valued) is taken to have arrived at the end of the day.
   */
  flows?: Flow[];
}

const DAY_MS = 86_400_000;
const TRADING_DAYS = 252;
/** A return is annualised only over at least this many calendar days: a shorter one would be extrapolated. */
export const YEAR_DAYS = 365;

/** A ratio rounded to 12 decimal places: 0.1 stays 0.1, not 0.09999999999999987. */
export const tidy = (ratio: number) => Math.round(ratio * 1e12) / 1e12 + 0; // + 0 turns −0 into 0

const dailyReturnsOf = new WeakMap<Snapshot[], { date: string; r: number }[]>();

/**
 * One day's return, chain-linked through its flows: from the previous value to the value just before the
 * first flow, from just after it to just before the next, …, from just after the last to the day's value:
 * B1/V_prev × B2/(B1+F1) × … × V/(Bn+Fn) − 1. A sub-period that starts at zero or less (nothing invested) has
 * no return and is left out; null when none is left.
 */
export function dayReturn(previous: bigint, today: Snapshot): number | null {
  let start = previous;
  let growth = 1;
  let counted = false;
  const link = (end: bigint) => {
    if (start > 0n) {
      growth *= Number(end) / Number(start);
      counted = true;
    }
  };
  let unvalued = today.flow;
  for (const { before, amount } of today.flows ?? []) {
    link(before);
    start = before + amount;
    unvalued -= amount;
  }
  link(today.value - unvalued);
  return counted ? growth - 1 : null;
}

/** Each day's return (dayReturn). Days with nothing invested are skipped. Computed once per series. */
export function dailyReturns(snapshots: Snapshot[]): { date: string; r: number }[] {
  const known = dailyReturnsOf.get(snapshots);
  if (known) return known;
  const returns: { date: string; r: number }[] = [];
  for (let i = 1; i < snapshots.length; i++) {
    const r = dayReturn(snapshots[i - 1]!.value, snapshots[i]!);
    if (r !== null) returns.push({ date: snapshots[i]!.date, r });
  }
  dailyReturnsOf.set(snapshots, returns);
  return returns;
}

/** Time-weighted return over the series, cumulative: daily returns linked, so flows do not count as performance. */
export function timeWeightedReturn(snapshots: Snapshot[]): number {
  return tidy(dailyReturns(snapshots).reduce((growth, { r }) => growth * (1 + r), 1) - 1);
}

/** Calendar days from the first snapshot to the last. */
export function periodDays(snapshots: Snapshot[]): number {
  if (snapshots.length < 2) return 0;
  return Math.round((Date.parse(`${snapshots.at(-1)!.date}T00:00:00Z`) - Date.parse(`${snapshots[0]!.date}T00:00:00Z`)) / DAY_MS);
}

/** A cumulative return over `days` calendar days as a rate per year; null under a year (it would be a guess). */
export function annualised(cumulative: number, days: number): number | null {
  if (days < YEAR_DAYS || cumulative <= -1) return null;
  return tidy((1 + cumulative) ** (YEAR_DAYS / days) - 1);
}

export type MoneyWeighted =
  | { meaningful: true; cumulative: number; annualised: number | null; days: number }
  | { meaningful: false; reason: MoneyWeightedReason };

/** Why a money-weighted return is not shown; docs/returns.md and the UI say each in words. */
export type MoneyWeightedReason = "too-short" | "no-money-in" | "nothing-back" | "no-unique-rate" | "no-rate";

export const MONEY_WEIGHTED_REASONS: Record<MoneyWeightedReason, string> = {
  "too-short": "The period is shorter than a day.",
  "no-money-in": "No money was invested in this period.",
  "nothing-back": "Nothing was left or taken out, so there is no rate to find.",
  "no-unique-rate": "More than one rate fits these deposits and withdrawals, so none of them is the return.",
  "no-rate": "No rate fits these deposits and withdrawals.",
};

/** The residual accepted as a root, relative to the largest amount: far below a cent on any account. */
const RESIDUAL = 1e-9;
/** The daily log-growth is searched out to ±this: e^±50 a day is beyond any real account. */
const SEARCH_LIMIT = 50;

/**
 * Money-weighted return (the internal rate of return) over the period: the daily rate at which the starting
 * value and every flow (counted at the end of its day) grow to the ending value. Solved in u = ln(1 + daily
 * rate) by bracketing outward from 0 and bisecting to the last bit, then checked: the net value at the root
 * must be within RESIDUAL of zero, and the rate must be the only one (Descartes' rule of signs decides most
 * cases at once; otherwise a scan of the whole range counts the crossings). Otherwise, or when the period is too
 * short or nothing was invested, it says why not instead of giving a wrong number.
 */
export function moneyWeightedReturn(snapshots: Snapshot[]): MoneyWeighted {
  const horizon = periodDays(snapshots);
  if (horizon <= 0) return { meaningful: false, reason: "too-short" };
  const start = Date.parse(`${snapshots[0]!.date}T00:00:00Z`);
  const daysLeft = (date: string) => horizon - Math.round((Date.parse(`${date}T00:00:00Z`) - start) / DAY_MS);
  // Money put in (negative: the start value and deposits) and taken out (positive: withdrawals, the end value),
  // with the days each has left to grow to the horizon; the same day's amounts are netted.
  const byDays = new Map<number, number>([[horizon, -Number(snapshots[0]!.value)]]);
  for (const s of snapshots.slice(1)) byDays.set(daysLeft(s.date), (byDays.get(daysLeft(s.date)) ?? 0) - Number(s.flow));
  byDays.set(0, (byDays.get(0) ?? 0) + Number(snapshots.at(-1)!.value));
  const cashflows = [...byDays].filter(([, amount]) => amount !== 0).sort(([a], [b]) => b - a);
  if (!cashflows.some(([, amount]) => amount < 0)) return { meaningful: false, reason: "no-money-in" };
  if (!cashflows.some(([, amount]) => amount > 0)) return { meaningful: false, reason: "nothing-back" };
  const scale = Math.max(...cashflows.map(([, amount]) => Math.abs(amount)));
  // Net value at the horizon for u, divided by e^(horizon·u) when u > 0 so that no term overflows (the sign,
  // and so the root, is unchanged).
  const net = (u: number) => {
    const shift = u > 0 ? horizon * u : 0;
    let value = 0;
    for (const [n, amount] of cashflows) value += (amount / scale) * Math.exp(n * u - shift);
    return value;
  };
  const root = bracketAndBisect(net);
  if (root === null || Math.abs(net(root)) > RESIDUAL) return { meaningful: false, reason: "no-rate" };
  if (signChanges(cashflows.map(([, amount]) => amount)) > 1 && crossings(net) > 1) return { meaningful: false, reason: "no-unique-rate" };
  const cumulative = tidy(Math.expm1(horizon * root));
  return { meaningful: true, cumulative, annualised: annualised(cumulative, horizon), days: horizon };
}

/** From 0, steps outward on both sides (doubling) until f changes sign, then bisects to the last bit. */
function bracketAndBisect(f: (u: number) => number): number | null {
  const atZero = f(0);
  if (atZero === 0) return 0;
  let low = 0;
  let high = 0;
  let found = false;
  for (let step = 1e-9; step <= SEARCH_LIMIT && !found; step *= 2) {
    for (const u of [step, -step]) {
      if (Math.sign(f(u)) !== Math.sign(atZero)) {
        [low, high] = u > 0 ? [u / 2, u] : [u, u / 2];
        if (Math.sign(f(low)) === Math.sign(f(high))) [low, high] = u > 0 ? [0, u] : [u, 0];
        found = true;
        break;
      }
    }
  }
  if (!found) return null;
  const lowSign = Math.sign(f(low));
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (mid <= low || mid >= high) break;
    const value = f(mid);
    if (value === 0) return mid;
    if (Math.sign(value) === lowSign) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** How often consecutive non-zero amounts change sign: Descartes' bound on the number of positive roots. */
function signChanges(amounts: number[]): number {
  let changes = 0;
  for (let i = 1; i < amounts.length; i++) if (Math.sign(amounts[i]!) !== Math.sign(amounts[i - 1]!)) changes++;
  return changes;
}

/**
 * How often f changes sign on a geometric grid over ±SEARCH_LIMIT, 25% apart (two roots closer together than a
 * step can hide: a grid fine enough for every case would cost more than the rest of a performance read).
 */
function crossings(f: (u: number) => number): number {
  const grid: number[] = [];
  for (let u = 1e-9; u <= SEARCH_LIMIT; u *= 1.25) grid.push(-u, u);
  grid.push(0);
  grid.sort((a, b) => a - b);
  let count = 0;
  let previous = Math.sign(f(grid[0]!));
  for (const u of grid.slice(1)) {
    const sign = Math.sign(f(u));
    if (sign !== 0 && previous !== 0 && sign !== previous) count++;
    if (sign !== 0) previous = sign;
  }
  return count;
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
