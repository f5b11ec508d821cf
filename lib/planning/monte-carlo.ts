/**
 * Monte Carlo projection of a savings goal, pure (docs/planning.md). Float64 throughout, on purpose: every output
 * is a statistical estimate in dollars, which callers round to whole dollars and show as an estimate. Never money.
 *
 * The model: monthly steps; each month's log-return is N(m, s²) with s = σ/√12 and m = ln(1+μ)/12 − s²/2, so a
 * year's expected growth is exactly 1+μ (μ is the portfolio's expected annual return less the advisory fee).
 * Contributions arrive at each month's end. Every path draws its normals from one seeded generator (xoshiro128**
 * and the ziggurat method), so the same seed gives the same projection, and what-ifs (more saving, a later date, a riskier
 * model) are judged on the same random draws (common random numbers).
 */

/** A goal is "on track" when at least this share of the simulated paths reach its target by its date. */
export const ON_TRACK_PROBABILITY = 0.7;
export const DEFAULT_PATHS = 10_000;
/** How far past the target date the projection looks for a date that would be on track. */
export const LATER_DATE_SEARCH_MONTHS = 240;

export interface ReturnAssumption {
  /** Expected annual arithmetic return before the fee, e.g. 0.065. */
  expectedReturn: number;
  /** Annual volatility, e.g. 0.12. */
  volatility: number;
}

export interface ProjectionInput extends ReturnAssumption {
  /** Dollars counted toward the goal today. */
  startingValue: number;
  /** Dollars saved at each month's end. */
  monthlyContribution: number;
  /** Months from now to the target date (at least 1). */
  months: number;
  /** Dollars to reach. */
  target: number;
  /** Annual advisory fee rate, subtracted from the expected return (0.0025 = 0.25 % a year). */
  annualFee: number;
  seed: number;
  paths?: number;
  /** Riskier portfolios the investor's capacity allows, least risky first: the advice says whether one would reach the goal. */
  alternatives?: readonly ReturnAssumption[];
}

/** The 10th, 50th and 90th percentile of the paths' values after `month` months. */
export interface Band {
  month: number;
  p10: number;
  p50: number;
  p90: number;
}

export type Advice =
  | { onTrack: true }
  | {
      onTrack: false;
      /** The smallest whole-dollar addition to the monthly contribution that would be on track. */
      extraMonthly: number;
      /** How many months later the goal would be on track with the contribution unchanged; null beyond the search. */
      monthsLater: number | null;
      /** The first of `alternatives` that would be on track (its index) and its probability; null when none would. */
      alternative: { index: number; probability: number } | null;
    };

export interface Projection {
  paths: number;
  months: number;
  /** Share of paths at or above the target on the target date. */
  probability: number;
  /** Every 12 months from today (month 0), and the target month. */
  bands: Band[];
  advice: Advice;
}

/** Monthly log-return parameters for an annual expected return (net of fee) and volatility. */
export function monthlyParameters(expectedReturn: number, volatility: number): { m: number; s: number } {
  const s = volatility / Math.sqrt(12);
  return { m: Math.log(1 + expectedReturn) / 12 - (s * s) / 2, s };
}

/** A 32-bit seed from text (FNV-1a), e.g. a goal's id: a page renders the same projection every time. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const TWO_POW_32 = 4294967296;

/** Standard normal draws: xoshiro128** (seeded through splitmix32) and Marsaglia and Tsang's ziggurat (128 layers). */
export class NormalStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const splitmix = () => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
  }

  /** 32 random bits as a signed integer. */
  bits(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result | 0;
  }

  /** A uniform in (0, 1), never 0 (the ziggurat's tail takes its logarithm). */
  uniform(): number {
    return ((this.bits() >>> 0) + 0.5) / TWO_POW_32;
  }

  /** Fills `out` with standard normal draws. The state sits in locals while it runs: the simulation's hot loop. */
  fill(out: Float64Array): void {
    const { k, w } = ZIGGURAT;
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    for (let i = 0; i < out.length; i++) {
      const hz = Math.imul(rotl(Math.imul(b, 5), 7), 9) | 0;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      const iz = hz & 127;
      // Almost always (98.8 %) inside a layer's rectangle: one draw, one multiplication.
      if (Math.abs(hz) < k[iz]!) {
        out[i] = hz * w[iz]!;
      } else {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        out[i] = this.edge(hz, iz);
        a = this.a;
        b = this.b;
        c = this.c;
        d = this.d;
      }
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  private edge(hz: number, iz: number): number {
    const { k, w, f } = ZIGGURAT;
    for (;;) {
      const x = hz * w[iz]!;
      if (iz === 0) {
        // The base layer's tail beyond r: Marsaglia's exponential method.
        let tail: number;
        let y: number;
        do {
          tail = -Math.log(this.uniform()) / ZIGGURAT_R;
          y = -Math.log(this.uniform());
        } while (y + y < tail * tail);
        return hz > 0 ? ZIGGURAT_R + tail : -ZIGGURAT_R - tail;
      }
      if (f[iz]! + this.uniform() * (f[iz - 1]! - f[iz]!) < Math.exp(-0.5 * x * x)) return x;
      hz = this.bits();
      iz = hz & 127;
      if (Math.abs(hz) < k[iz]!) return hz * w[iz]!;
    }
  }
}

const ZIGGURAT_R = 3.442619855899;

/** The ziggurat's tables for 32-bit signed draws (Marsaglia and Tsang, 2000). */
const ZIGGURAT = (() => {
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  const k = new Float64Array(128);
  const w = new Float64Array(128);
  const f = new Float64Array(128);
  let dn = ZIGGURAT_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  k[0] = (dn / q) * m1;
  k[1] = 0;
  w[0] = q / m1;
  w[127] = dn / m1;
  f[0] = 1;
  f[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    k[i + 1] = (dn / tn) * m1;
    tn = dn;
    f[i] = Math.exp(-0.5 * dn * dn);
    w[i] = dn / m1;
  }
  return { k, w, f };
})();

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Puts the k-th smallest of values[lo..hi] at index k (smaller before, larger after): quickselect, in place. */
function select(values: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot, moved to `hi`.
    if (values[mid]! < values[lo]!) swap(values, mid, lo);
    if (values[hi]! < values[lo]!) swap(values, hi, lo);
    if (values[mid]! < values[hi]!) swap(values, mid, hi);
    const pivot = values[hi]!;
    let store = lo;
    for (let i = lo; i < hi; i++) {
      if (values[i]! < pivot) swap(values, i, store++);
    }
    swap(values, store, hi);
    if (store === k) break;
    if (store < k) lo = store + 1;
    else hi = store - 1;
  }
  return values[k]!;
}

function swap(values: Float64Array, i: number, j: number): void {
  const t = values[i]!;
  values[i] = values[j]!;
  values[j] = t;
}

/** Index of the q-quantile among n sorted values (nearest rank, counted from 0). */
const rank = (q: number, n: number) => Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));

function bandOf(values: Float64Array, scratch: Float64Array, month: number): Band {
  scratch.set(values);
  const n = values.length;
  const k10 = rank(0.1, n);
  const k50 = rank(0.5, n);
  const k90 = rank(0.9, n);
  const p10 = select(scratch, 0, n - 1, k10);
  const p50 = select(scratch, k10 + 1 <= k50 ? k10 + 1 : k10, n - 1, k50);
  const p90 = select(scratch, k50 + 1 <= k90 ? k50 + 1 : k50, n - 1, k90);
  return { month, p10, p50, p90 };
}

function countAtLeast(values: Float64Array, target: number): number {
  let count = 0;
  for (let p = 0; p < values.length; p++) if (values[p]! >= target) count++;
  return count;
}

function validate(input: ProjectionInput, paths: number): void {
  if (!Number.isInteger(input.months) || input.months < 1) throw new RangeError("months must be a whole number of at least 1");
  if (!Number.isInteger(paths) || paths < 1) throw new RangeError("paths must be a whole number of at least 1");
  for (const [name, value] of Object.entries({ startingValue: input.startingValue, monthlyContribution: input.monthlyContribution, target: input.target })) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number of at least 0`);
  }
  if (!(input.volatility >= 0) || !(input.expectedReturn - input.annualFee > -1)) throw new RangeError("returns out of range");
}

/**
 * Share of paths reaching `target` after `months` months for one return assumption (no bands): what the riskier
 * alternatives are judged by, on the same draws as the main projection.
 */
function probabilityOf(input: ProjectionInput, assumption: ReturnAssumption, paths: number): number {
  const { m, s } = monthlyParameters(assumption.expectedReturn - input.annualFee, assumption.volatility);
  const normals = new NormalStream(input.seed);
  const draws = new Float64Array(paths);
  const values = new Float64Array(paths).fill(input.startingValue);
  for (let month = 0; month < input.months; month++) {
    normals.fill(draws);
    for (let p = 0; p < paths; p++) values[p] = values[p]! * Math.exp(m + s * draws[p]!) + input.monthlyContribution;
  }
  return countAtLeast(values, input.target) / paths;
}

/** Projects a goal: percentile bands, the probability of reaching the target on its date, and advice. */
export function projectGoal(input: ProjectionInput): Projection {
  const paths = input.paths ?? DEFAULT_PATHS;
  validate(input, paths);
  const { m, s } = monthlyParameters(input.expectedReturn - input.annualFee, input.volatility);
  const normals = new NormalStream(input.seed);
  const draws = new Float64Array(paths);
  const values = new Float64Array(paths).fill(input.startingValue);
  // What a dollar more saved each month is worth on each path by the target date (the value is linear in it).
  const perDollar = new Float64Array(paths);
  const scratch = new Float64Array(paths);
  const needed = Math.ceil(ON_TRACK_PROBABILITY * paths);
  const contribution = input.monthlyContribution;
  const bands: Band[] = [bandOf(values, scratch, 0)];
  let probability = 0;
  let extraMonthly = 0;
  let monthsLater: number | null = null;

  // Past the target date the simulation goes on only while it still looks for a later date that would do.
  const horizon = input.months + LATER_DATE_SEARCH_MONTHS;
  for (let month = 1; month <= horizon; month++) {
    const beforeTarget = month <= input.months;
    normals.fill(draws);
    if (beforeTarget) {
      for (let p = 0; p < paths; p++) {
        const growth = Math.exp(m + s * draws[p]!);
        values[p] = values[p]! * growth + contribution;
        perDollar[p] = perDollar[p]! * growth + 1;
      }
    } else {
      for (let p = 0; p < paths; p++) values[p] = values[p]! * Math.exp(m + s * draws[p]!) + contribution;
    }
    if (beforeTarget && (month % 12 === 0 || month === input.months)) bands.push(bandOf(values, scratch, month));
    if (month === input.months) {
      probability = countAtLeast(values, input.target) / paths;
      if (probability >= ON_TRACK_PROBABILITY) return { paths, months: input.months, probability, bands, advice: { onTrack: true } };
      // The smallest addition x with value + x·perDollar ≥ target on `needed` paths: the needed-th smallest of
      // each path's own shortfall per dollar — the end point of a bisection on these same draws, found exactly.
      for (let p = 0; p < paths; p++) scratch[p] = (input.target - values[p]!) / perDollar[p]!;
      extraMonthly = Math.max(1, Math.ceil(select(scratch, 0, paths - 1, needed - 1)));
    } else if (!beforeTarget && countAtLeast(values, input.target) >= needed) {
      monthsLater = month - input.months;
      break;
    }
  }

  let alternative: { index: number; probability: number } | null = null;
  for (const [index, assumption] of (input.alternatives ?? []).entries()) {
    const chance = probabilityOf(input, assumption, paths);
    if (chance >= ON_TRACK_PROBABILITY) {
      alternative = { index, probability: chance };
      break;
    }
  }
  return { paths, months: input.months, probability, bands, advice: { onTrack: false, extraMonthly, monthsLater, alternative } };
}
