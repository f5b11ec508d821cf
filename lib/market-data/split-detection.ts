/**
 * Telling a split from a market move: a price that jumps to (almost exactly) q/p of the previous one looks like a
 * p-for-q split. Pure: prices in, the likely ratio out.
 */
import Decimal from "decimal.js";

/** A split of `toShares` new shares for every `fromShares` old ones (2:1 is to 2, from 1; a 1:10 reverse split is to 1, from 10). */
export interface SplitRatio {
  toShares: number;
  fromShares: number;
}

const MAX_TERM = 20;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** What a split does to the price: it is multiplied by from/to. */
export const priceMultiplier = (r: SplitRatio) => new Decimal(r.fromShares).dividedBy(r.toShares);

/**
 * Every reduced ratio with terms up to 20 that moves the price by at least a 5:4 split (×0.8 or ×1.25), simplest
 * first (smallest sum of terms), so that when several are within tolerance the one companies actually use wins.
 */
export const CANDIDATE_RATIOS: readonly SplitRatio[] = (() => {
  const ratios: SplitRatio[] = [];
  for (let to = 1; to <= MAX_TERM; to++) {
    for (let from = 1; from <= MAX_TERM; from++) {
      if (gcd(to, from) !== 1) continue;
      const multiplier = from / to; // only to order and filter: the comparison below is in Decimal
      if (multiplier <= 0.8 || multiplier >= 1.25) ratios.push({ toShares: to, fromShares: from });
    }
  }
  return ratios.sort((a, b) => a.toShares + a.fromShares - (b.toShares + b.fromShares) || a.toShares - b.toShares);
})();

/**
 * How close a move must be to a ratio, as |move / multiplier − 1|. Measured on 15 unadjusted ETF histories
 * (1999–2024, /work/shared/data/prices): the seven real splits open within 1.04% of their ratio (VWO 2008-06-18
 * opened at 0.5052× for 2:1; the others within 0.65%), while the real moves nearest a ratio are 2.4% away (XLF
 * 2016-09-19, a spin-off, opened at 0.8192× ≈ 4:5 × 1.024; XLF 2008-09-19 opened 1.2161× ≈ 5:4 × 0.973; the XLE
 * 2020-03-09 crash opened at 0.8252×, 3.2% from 4:5). 1.5% sits between the two with about half a point to spare
 * on the split side and a point on the other.
 */
export const SPLIT_TOLERANCE = new Decimal("0.015");

/**
 * Beyond this band a move is never believed without an operator, ratio or not: no fund in those 25 years moved
 * this much in a day (the largest real moves were ×0.80 and ×1.22, March 2020 and October 2008).
 */
export const WIDE_BAND = { low: new Decimal("0.6"), high: new Decimal("1.4") };

const QUIET = { low: new Decimal("0.8").times(SPLIT_TOLERANCE.plus(1)), high: new Decimal("1.25").times(new Decimal(1).minus(SPLIT_TOLERANCE)) };

/** The simplest candidate ratio within `tolerance` of `move` (next / previous price), or null. */
function ratioNear(move: Decimal, tolerance: Decimal): SplitRatio | null {
  return CANDIDATE_RATIOS.find((r) => move.dividedBy(priceMultiplier(r)).minus(1).abs().lessThanOrEqualTo(tolerance)) ?? null;
}

/** Only a guess for the operator: the simplest ratio within 5%, else the closest in proportion. */
function guessRatio(move: Decimal): SplitRatio {
  const distance = (r: SplitRatio) => Math.abs(Math.log(move.dividedBy(priceMultiplier(r)).toNumber()));
  return ratioNear(move, new Decimal("0.05")) ?? CANDIDATE_RATIOS.reduce((best, r) => (distance(r) < distance(best) ? r : best));
}

/**
 * Whether a move from `previous` to `next` must be held for an operator, and the ratio to suggest: a move within
 * tolerance of any candidate ratio, or outside the wide band. `explainedBy` is a recorded split between the two
 * prices: the move is then judged after it (a correctly recorded split leaves a small move).
 */
export function splitSuspicion(previous: Decimal, next: Decimal, explainedBy: SplitRatio | null = null): SplitRatio | null {
  const expected = explainedBy ? previous.times(priceMultiplier(explainedBy)) : previous;
  const move = next.dividedBy(expected);
  // Most moves are between the smallest ratios (×0.8 and ×1.25) with room to spare: nothing to compare.
  if (move.greaterThan(QUIET.low) && move.lessThan(QUIET.high)) return null;
  const near = ratioNear(move, SPLIT_TOLERANCE);
  if (near) return near;
  return move.lessThan(WIDE_BAND.low) || move.greaterThan(WIDE_BAND.high) ? guessRatio(move) : null;
}

/** "3:2", as operators write splits. */
export const formatRatio = (r: SplitRatio) => `${r.toShares}:${r.fromShares}`;

export interface DailyBar {
  date: string;
  open: Decimal;
  close: Decimal;
}

export interface SplitLikeGap {
  date: string;
  previousDate: string;
  previousClose: Decimal;
  open: Decimal;
  close: Decimal;
  ratio: SplitRatio;
}

/**
 * Daily bars (oldest first) whose OPEN gaps from the previous close like a split. The open, not the close: a split
 * takes effect before the first trade, so the open shows the ratio almost exactly, while the close has a whole
 * day of market move on top (QQQ's 2000 split closed at 0.486×, 2.8% from 1:2). `recorded` holds the splits
 * already recorded, by ex-date: a gap is judged after them (a wrongly recorded ratio is still flagged).
 */
export function splitLikeGaps(bars: DailyBar[], recorded: ReadonlyMap<string, SplitRatio> = new Map()): SplitLikeGap[] {
  const gaps: SplitLikeGap[] = [];
  for (let i = 1; i < bars.length; i++) {
    const before = bars[i - 1]!;
    const bar = bars[i]!;
    const ratio = splitSuspicion(before.close, bar.open, recorded.get(bar.date) ?? null);
    if (ratio) gaps.push({ date: bar.date, previousDate: before.date, previousClose: before.close, open: bar.open, close: bar.close, ratio });
  }
  return gaps;
}
