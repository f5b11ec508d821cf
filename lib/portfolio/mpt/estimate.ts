/**
 * What the model builder believes about the assets: expected annual returns and the covariance of annual returns,
 * estimated from real daily closes (split-adjusted) and anchored to the capital-market assumptions. Pure: the
 * closes come in as numbers. Float64 throughout: these are statistical estimates, labelled as such wherever
 * shown (docs/model-builder.md has the formulas).
 *
 * - Returns: simple daily returns cₜ/cₜ₋₁ − 1 between consecutive dates on which EVERY chosen asset has a close
 *   (common history), inside the window (the last N years up to the latest common date, or all common history).
 * - Annualised by 252 trading days: μ = 252·mean, Σ = 252·S.
 * - Covariance: Ledoit–Wolf (2004) shrinkage of the sample covariance S (1/T, as in the paper) toward the
 *   constant-correlation matrix F, Σ̂ = δF + (1−δ)S with the estimated optimal intensity δ ∈ [0, 1].
 * - Expected returns: the sample mean is noisy (its standard error over 5 years is ~7%/yr for stocks), so it is
 *   shrunk toward the CMA of the asset's class: μ̂ = λ·sample + (1−λ)·CMA with λ = Y / (Y + PRIOR_YEARS), Y the
 *   years of history used (5 years → 0.2; 90 days → 0.0125).
 */
import type { AssetClass } from "../../generated/prisma/client";
import { ASSUMPTIONS } from "../../planning/capital-market-assumptions";
import type { Matrix, Vector } from "./linear-algebra";

export const TRADING_DAYS = 252;
/** How many years of history the capital-market assumptions are worth, as a prior on each asset's mean. */
export const PRIOR_YEARS = 20;
/** Fewest daily returns the builder estimates from. */
export const MIN_OBSERVATIONS = 20;
/**
 * Floor on an asset's annual variance ((0.1%)²): a fund whose closes never moved in the window (a cash fund at a
 * fixed demo price) would otherwise make the covariance singular.
 */
export const MIN_ANNUAL_VARIANCE = 0.001 ** 2;

export interface PriceSeries {
  symbol: string;
  assetClass: AssetClass;
  /** [YYYY-MM-DD, split-adjusted close], oldest first. */
  closes: readonly (readonly [string, number])[];
}

export class InsufficientHistory extends Error {}

/** The dates on which every series has a close, within the window (null years: all common history), and the daily simple returns between them (T × N). */
export function commonDailyReturns(series: readonly PriceSeries[], years: number | null): { dates: string[]; returns: number[][] } {
  if (series.length === 0) return { dates: [], returns: [] };
  const maps = series.map((s) => new Map(s.closes));
  let dates = [...maps[0]!.keys()].filter((date) => maps.every((m) => m.has(date))).sort();
  if (years !== null && dates.length) {
    const last = dates.at(-1)!;
    const from = `${Number(last.slice(0, 4)) - years}${last.slice(4)}`;
    dates = dates.filter((date) => date >= from);
  }
  const returns: number[][] = [];
  for (let t = 1; t < dates.length; t++) {
    returns.push(maps.map((m) => m.get(dates[t]!)! / m.get(dates[t - 1]!)! - 1));
  }
  return { dates, returns };
}

/** Column means and the sample covariance with divisor T (the maximum-likelihood estimate, as Ledoit–Wolf use). */
export function sampleMoments(returns: readonly (readonly number[])[]): { mean: Vector; cov: Matrix } {
  const t = returns.length;
  const n = returns[0]?.length ?? 0;
  const mean = Array.from({ length: n }, (_, i) => returns.reduce((sum, row) => sum + row[i]!, 0) / t);
  const cov = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => returns.reduce((sum, row) => sum + (row[i]! - mean[i]!) * (row[j]! - mean[j]!), 0) / t),
  );
  return { mean, cov };
}

export interface Shrunk {
  /** Σ̂ = δF + (1−δ)S, per period of the returns given. */
  cov: Matrix;
  sample: Matrix;
  target: Matrix;
  /** δ, in [0, 1]. */
  intensity: number;
  /** r̄, the average pairwise sample correlation (assets whose closes never moved are left out). */
  averageCorrelation: number;
}

/**
 * Ledoit & Wolf, "Honey, I shrunk the sample covariance matrix" (2004), constant-correlation target. With xₜ the
 * demeaned returns, S = (1/T)Σ xₜxₜᵀ, r̄ the mean of the off-diagonal correlations, F_ii = s_ii,
 * F_ij = r̄·√(s_ii s_jj):
 *   π̂ = Σ_ij (1/T)Σₜ (x_it x_jt − s_ij)²
 *   ρ̂ = Σ_i π̂_ii + Σ_{i≠j} (r̄/2)(√(s_jj/s_ii) θ̂_ii,ij + √(s_ii/s_jj) θ̂_jj,ij),  θ̂_ii,ij = (1/T)Σₜ (x_it² − s_ii)(x_it x_jt − s_ij)
 *   γ̂ = Σ_ij (f_ij − s_ij)²
 *   δ = max(0, min(1, (π̂ − ρ̂) / γ̂ / T))
 */
export function ledoitWolfConstantCorrelation(returns: readonly (readonly number[])[]): Shrunk {
  const t = returns.length;
  const { mean, cov: s } = sampleMoments(returns);
  const n = mean.length;
  const x = returns.map((row) => row.map((value, i) => value - mean[i]!));
  const sd = s.map((row, i) => Math.sqrt(row[i]!));
  const moves = sd.map((value) => value > 0);
  let correlationSum = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (!moves[i] || !moves[j]) continue;
      correlationSum += s[i]![j]! / (sd[i]! * sd[j]!);
      pairs++;
    }
  }
  const rBar = pairs ? correlationSum / pairs : 0;
  const target = s.map((row, i) => row.map((value, j) => (i === j ? value : rBar * sd[i]! * sd[j]!)));

  let pi = 0;
  let rho = 0;
  let gamma = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let piij = 0;
      let thetaI = 0;
      let thetaJ = 0;
      for (let k = 0; k < t; k++) {
        const cross = x[k]![i]! * x[k]![j]! - s[i]![j]!;
        piij += cross * cross;
        thetaI += (x[k]![i]! * x[k]![i]! - s[i]![i]!) * cross;
        thetaJ += (x[k]![j]! * x[k]![j]! - s[j]![j]!) * cross;
      }
      piij /= t;
      pi += piij;
      if (i === j) rho += piij;
      else if (moves[i] && moves[j]) rho += (rBar / 2) * (Math.sqrt(s[j]![j]! / s[i]![i]!) * (thetaI / t) + Math.sqrt(s[i]![i]! / s[j]![j]!) * (thetaJ / t));
      gamma += (target[i]![j]! - s[i]![j]!) ** 2;
    }
  }
  const kappa = gamma > 0 ? (pi - rho) / gamma : 0;
  const intensity = gamma > 0 ? Math.max(0, Math.min(1, kappa / t)) : 0;
  const cov = s.map((row, i) => row.map((value, j) => intensity * target[i]![j]! + (1 - intensity) * value));
  return { cov, sample: s, target, intensity, averageCorrelation: rBar };
}

/** λ·sample + (1−λ)·prior with λ = years / (years + PRIOR_YEARS). */
export function blendExpectedReturns(sample: readonly number[], prior: readonly number[], years: number): { mean: Vector; sampleWeight: number } {
  const sampleWeight = years / (years + PRIOR_YEARS);
  return { mean: sample.map((value, i) => sampleWeight * value + (1 - sampleWeight) * prior[i]!), sampleWeight };
}

export interface Estimates {
  symbols: string[];
  assetClasses: AssetClass[];
  /** First and last common close used. */
  start: string;
  end: string;
  /** Daily returns used (T). */
  observations: number;
  /** T / 252. */
  years: number;
  /** Annual, blended (what the optimiser uses). */
  mean: Vector;
  /** Annual sample mean (252 × daily mean). */
  sampleMean: Vector;
  /** Annual CMA of each asset's class. */
  priorMean: Vector;
  /** λ, the weight of the sample mean. */
  sampleWeight: number;
  /** Annual, shrunk, with the variance floor. */
  cov: Matrix;
  /** Annual volatility √Σ_ii. */
  volatility: Vector;
  /** Ledoit–Wolf δ. */
  intensity: number;
  averageCorrelation: number;
}

/** Estimates from the series' common daily history in the window; InsufficientHistory below MIN_OBSERVATIONS returns. */
export function estimate(series: readonly PriceSeries[], years: number | null): Estimates {
  const { dates, returns } = commonDailyReturns(series, years);
  if (returns.length < MIN_OBSERVATIONS) {
    throw new InsufficientHistory(
      `These assets have ${Math.max(returns.length, 0)} daily returns in common in this window; the builder needs at least ${MIN_OBSERVATIONS}.`,
    );
  }
  const { mean: dailyMean } = sampleMoments(returns);
  const shrunk = ledoitWolfConstantCorrelation(returns);
  const observations = returns.length;
  const historyYears = observations / TRADING_DAYS;
  const sampleMean = dailyMean.map((m) => m * TRADING_DAYS);
  const priorMean = series.map((s) => Number(ASSUMPTIONS[s.assetClass].expectedReturn));
  const { mean, sampleWeight } = blendExpectedReturns(sampleMean, priorMean, historyYears);
  const cov = shrunk.cov.map((row, i) => row.map((value, j) => (i === j ? Math.max(value * TRADING_DAYS, MIN_ANNUAL_VARIANCE) : value * TRADING_DAYS)));
  return {
    symbols: series.map((s) => s.symbol),
    assetClasses: series.map((s) => s.assetClass),
    start: dates[0]!,
    end: dates.at(-1)!,
    observations,
    years: historyYears,
    mean,
    sampleMean,
    priorMean,
    sampleWeight,
    cov,
    volatility: cov.map((row, i) => Math.sqrt(row[i]!)),
    intensity: shrunk.intensity,
    averageCorrelation: shrunk.averageCorrelation,
  };
}
