/**
 * The long-only, fully invested efficient frontier, with an optional maximum weight per asset. Pure, float64
 * (statistical estimates, not money).
 *
 * Each point solves  min wᵀΣw  s.t.  Σwᵢ = 1, μᵀw = target, 0 ≤ wᵢ ≤ capᵢ.  The return constraint is handled by
 * its Lagrangian: for a risk appetite t ≥ 0 the box-and-budget QP  min ½wᵀΣw − t·μᵀw  (solved exactly by a primal
 * active-set method, `minimiseOnCappedSimplex`) gives a frontier portfolio whose return rises with t; bisection on
 * t finds the one whose return is the target. t = 0 is the minimum-variance portfolio.
 */
import { dot, quadratic, solve, subMatrix, type Matrix, type Vector } from "./linear-algebra";

export class InfeasibleWeights extends Error {}

/**
 * min ½wᵀQw + cᵀw  s.t.  Σw = 1, 0 ≤ w ≤ cap (Q positive definite), by the primal active-set method (Nocedal &
 * Wright, Algorithm 16.3): bounds in the working set hold; each step solves the equality-constrained problem on the
 * free weights (KKT system), walks toward it until a bound blocks, and drops a bound whose multiplier has the wrong
 * sign once the step is zero.
 */
export function minimiseOnCappedSimplex(q: Matrix, c: readonly number[], cap: readonly number[]): Vector {
  const n = c.length;
  if (cap.reduce((sum, u) => sum + u, 0) < 1 - 1e-12) throw new InfeasibleWeights("The maximum weights add up to less than 100%: no portfolio fits them.");
  // A feasible start: the same weight for all, each capped at its maximum (water-filling to a total of 1).
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (cap.reduce((sum, u) => sum + Math.min(u, mid), 0) < 1) lo = mid;
    else hi = mid;
  }
  const w = cap.map((u) => Math.min(u, hi));
  const excess = w.reduce((sum, v) => sum + v, 0) - 1;
  const adjustable = w.findIndex((v, i) => v < cap[i]!);
  if (adjustable >= 0) w[adjustable]! -= excess;
  /** 0: free, -1: held at 0, +1: held at its cap. */
  const state: number[] = w.map((v, i) => (v >= cap[i]! - 1e-15 && i !== adjustable ? 1 : 0));
  for (let iteration = 0; iteration < 50 * n + 100; iteration++) {
    const gradient = c.map((ci, i) => ci + dot(q[i]!, w));
    const free = state.flatMap((s, i) => (s === 0 ? [i] : []));
    const tolerance = 1e-12 * (1 + Math.max(...gradient.map(Math.abs)));
    let step: Vector = new Array<number>(n).fill(0);
    let nu: number;
    if (free.length === 0) {
      nu = Number.NaN;
    } else {
      // [Q_FF −1; 1ᵀ 0] [p_F; ν] = [−g_F; 0]
      const kkt = subMatrix(q, free).map((row) => [...row, -1]);
      kkt.push([...free.map(() => 1), 0]);
      const solution = solve(kkt, [...free.map((i) => -gradient[i]!), 0]);
      if (!solution) throw new Error("covariance matrix is singular on the free weights");
      free.forEach((i, k) => (step[i] = solution[k]!));
      nu = solution[free.length]!;
    }
    const size = Math.max(...step.map(Math.abs));
    if (size <= 1e-13) {
      step = new Array<number>(n).fill(0);
      // Multipliers of the held bounds: at 0, g_i − ν ≥ 0; at the cap, ν − g_i ≥ 0.
      let worst = -tolerance;
      let release = -1;
      for (let i = 0; i < n; i++) {
        if (state[i] === 0 || Number.isNaN(nu)) continue;
        const multiplier = state[i] === -1 ? gradient[i]! - nu : nu - gradient[i]!;
        if (multiplier < worst) {
          worst = multiplier;
          release = i;
        }
      }
      if (Number.isNaN(nu)) release = state.findIndex((s) => s !== 0);
      if (release < 0) return w;
      state[release] = 0;
      continue;
    }
    let alpha = 1;
    let blocking = -1;
    let bound = 0;
    for (const i of free) {
      const p = step[i]!;
      if (p < 0 && -w[i]! / p < alpha) {
        alpha = -w[i]! / p;
        blocking = i;
        bound = -1;
      } else if (p > 0 && (cap[i]! - w[i]!) / p < alpha) {
        alpha = (cap[i]! - w[i]!) / p;
        blocking = i;
        bound = 1;
      }
    }
    for (const i of free) w[i]! += alpha * step[i]!;
    if (blocking >= 0) {
      state[blocking] = bound;
      w[blocking] = bound === -1 ? 0 : cap[blocking]!;
    }
  }
  throw new Error("the optimiser did not converge");
}

export interface FrontierPoint {
  weights: Vector;
  expectedReturn: number;
  volatility: number;
  sharpe: number;
}

export interface OptimisationInput {
  mean: readonly number[];
  cov: Matrix;
  /** Per-asset maximum weight (1 = none). */
  cap: readonly number[];
  riskFree: number;
}

function pointOf(input: OptimisationInput, weights: Vector): FrontierPoint {
  const clean = weights.map((v) => (Math.abs(v) < 1e-12 ? 0 : v));
  const expectedReturn = dot(input.mean, clean);
  const volatility = Math.sqrt(Math.max(quadratic(input.cov, clean), 0));
  return { weights: clean, expectedReturn, volatility, sharpe: volatility > 0 ? (expectedReturn - input.riskFree) / volatility : 0 };
}

function appetite(input: OptimisationInput, t: number): Vector {
  return minimiseOnCappedSimplex(input.cov, input.mean.map((m) => -t * m), input.cap);
}

/** The highest return any allowed portfolio has: fill the best-returning assets up to their caps. */
export function maximumReturnPortfolio(input: OptimisationInput): Vector {
  const order = input.mean.map((m, i) => i).sort((a, b) => input.mean[b]! - input.mean[a]!);
  const w = new Array<number>(input.mean.length).fill(0);
  let left = 1;
  for (const i of order) {
    w[i] = Math.min(input.cap[i]!, left);
    left -= w[i]!;
  }
  return w;
}

/** The return range of the frontier: the minimum-variance portfolio and the highest-return one. */
function ends(input: OptimisationInput): { minimum: FrontierPoint; best: FrontierPoint } {
  return { minimum: pointOf(input, appetite(input, 0)), best: pointOf(input, maximumReturnPortfolio(input)) };
}

/** The minimum-variance portfolio whose expected return is `target` (clamped to what is attainable). */
export function frontierPointAt(input: OptimisationInput, target: number, range = ends(input)): FrontierPoint {
  const { minimum, best } = range;
  if (target <= minimum.expectedReturn) return minimum;
  if (target >= best.expectedReturn - 1e-12) return best;
  let lo = 0;
  let rLo = minimum.expectedReturn;
  let hi = 1;
  let w = appetite(input, hi);
  while (dot(input.mean, w) < target && hi < 1e9) {
    lo = hi;
    rLo = dot(input.mean, w);
    hi *= 4;
    w = appetite(input, hi);
  }
  let rHi = dot(input.mean, w);
  let reached = rHi;
  // The return is piecewise linear in the appetite: false position (Illinois) lands on the target in a few steps,
  // bisection every third step keeps it moving when a bracket end sticks.
  let side = 0;
  for (let k = 0; k < 100 && reached - target > 1e-9; k++) {
    const mid = k % 3 === 2 || rHi - rLo <= 0 ? (lo + hi) / 2 : lo + ((target - rLo) * (hi - lo)) / (rHi - rLo);
    const candidate = appetite(input, mid);
    const r = dot(input.mean, candidate);
    if (r >= target) {
      hi = mid;
      rHi = r;
      reached = r;
      w = candidate;
      if (side === 1) rLo = target - (target - rLo) / 2;
      side = 1;
    } else {
      lo = mid;
      rLo = r;
      if (side === -1) rHi = target + (rHi - target) / 2;
      side = -1;
    }
  }
  return pointOf(input, w);
}

/** `points` frontier portfolios with returns evenly spaced from the minimum-variance portfolio's to the highest attainable. */
export function efficientFrontier(input: OptimisationInput, points = 15): FrontierPoint[] {
  const range = ends(input);
  const low = range.minimum.expectedReturn;
  const high = range.best.expectedReturn;
  if (high - low < 1e-9) return [range.minimum];
  return Array.from({ length: points }, (_, k) => frontierPointAt(input, low + ((high - low) * k) / (points - 1), range));
}

/**
 * The frontier portfolio with the highest Sharpe ratio (μ − r_f)/σ: golden-section search over the risk appetite t
 * (the return rises with t, and the Sharpe ratio along the long-only frontier has one peak).
 */
export function maximumSharpe(input: OptimisationInput): FrontierPoint {
  const { best } = ends(input);
  let top = 1;
  while (dot(input.mean, appetite(input, top)) < best.expectedReturn - 1e-9 && top < 1e9) top *= 4;
  const at = (t: number) => pointOf(input, appetite(input, t));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = 0;
  let b = top;
  let x1 = b - ratio * (b - a);
  let x2 = a + ratio * (b - a);
  let f1 = at(x1);
  let f2 = at(x2);
  for (let k = 0; k < 80 && b - a > 1e-9 * (1 + top); k++) {
    if (f1.sharpe < f2.sharpe) {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + ratio * (b - a);
      f2 = at(x2);
    } else {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - ratio * (b - a);
      f1 = at(x1);
    }
  }
  return [f1, f2, at(a), at(b), best].reduce((winner, p) => (p.sharpe > winner.sharpe ? p : winner));
}

export interface DistanceToFrontier {
  /** σ − σ of the frontier portfolio with the same expected return (or of the minimum-variance one if the return is below it); ≥ 0 when the portfolio uses only the frontier's assets. */
  excessVolatility: number;
  /** Expected return of the frontier at the same volatility (interpolated on `frontier`) − μ; null when the volatility is outside the frontier's range. */
  returnShortfall: number | null;
}

/** How far a portfolio (e.g. a published model) with (μ, σ) sits from the frontier. */
export function distanceToFrontier(input: OptimisationInput, frontier: readonly FrontierPoint[], point: { expectedReturn: number; volatility: number }): DistanceToFrontier {
  const same = frontierPointAt(input, point.expectedReturn);
  let returnShortfall: number | null = null;
  const efficient = frontier.filter((p, k) => k === 0 || p.volatility >= frontier[k - 1]!.volatility);
  for (let k = 1; k < efficient.length; k++) {
    const a = efficient[k - 1]!;
    const b = efficient[k]!;
    if (point.volatility >= a.volatility && point.volatility <= b.volatility) {
      const share = b.volatility > a.volatility ? (point.volatility - a.volatility) / (b.volatility - a.volatility) : 0;
      returnShortfall = a.expectedReturn + share * (b.expectedReturn - a.expectedReturn) - point.expectedReturn;
      break;
    }
  }
  return { excessVolatility: point.volatility - same.volatility, returnShortfall };
}
