/**
 * Capital-market assumptions: what Autovest expects of each asset class over the long run (10+ years), used by
 * projections (goals' Monte Carlo), the investor's choice of risk level (expected return and volatility of a
 * model) and the advisor's model builder as a forward-looking prior. They are not a promise and are shown as
 * estimates wherever they are used. Documented in docs/planning.md.
 *
 * Conventions:
 * - Returns are nominal, annual, arithmetic means of total return (income reinvested), before Autovest's fee.
 * - Volatility is the annualised standard deviation of annual returns.
 * - Correlations are between annual returns; the matrix is symmetric, has ones on the diagonal and is positive
 *   definite (tested).
 * - Figures are kept as decimal strings (rates are decimals, not floats); `cmaNumbers()` gives float64 copies
 *   for simulations, whose outputs are estimates rounded to whole dollars before display.
 * - Sources of the figures' order of magnitude: published long-term assumptions of large managers (2025–2026),
 *   rounded; reviewed yearly (`CMA_AS_OF`).
 */
import type { AssetClass } from "../generated/prisma/client";

export const CMA_AS_OF = "2026-01-01";

export const ASSET_CLASSES = [
  "US_STOCKS",
  "DEVELOPED_MARKETS",
  "EMERGING_MARKETS",
  "US_BONDS",
  "TREASURIES",
  "INFLATION_PROTECTED",
  "REAL_ESTATE",
  "GOLD",
  "CASH",
] as const satisfies readonly AssetClass[];

export interface ClassAssumption {
  /** Expected annual arithmetic return, e.g. "0.070". */
  expectedReturn: string;
  /** Annual volatility, e.g. "0.160". */
  volatility: string;
  label: string;
}

export const ASSUMPTIONS: Record<AssetClass, ClassAssumption> = {
  US_STOCKS: { expectedReturn: "0.070", volatility: "0.160", label: "US stocks" },
  DEVELOPED_MARKETS: { expectedReturn: "0.075", volatility: "0.170", label: "Developed-market stocks" },
  EMERGING_MARKETS: { expectedReturn: "0.085", volatility: "0.220", label: "Emerging-market stocks" },
  US_BONDS: { expectedReturn: "0.045", volatility: "0.055", label: "US bonds" },
  TREASURIES: { expectedReturn: "0.042", volatility: "0.065", label: "US Treasuries" },
  INFLATION_PROTECTED: { expectedReturn: "0.043", volatility: "0.055", label: "Inflation-protected bonds" },
  REAL_ESTATE: { expectedReturn: "0.070", volatility: "0.190", label: "Real estate" },
  GOLD: { expectedReturn: "0.045", volatility: "0.150", label: "Gold" },
  CASH: { expectedReturn: "0.030", volatility: "0.010", label: "Cash (short Treasuries)" },
};

/** Correlations in the order of ASSET_CLASSES (upper triangle mirrored). */
export const CORRELATIONS: readonly (readonly string[])[] = [
  //  USS     DEV     EM      BND     TSY     TIPS    REIT    GOLD    CASH
  ["1.00", "0.85", "0.75", "0.10", "-0.10", "0.10", "0.70", "0.05", "0.00"], // US_STOCKS
  ["0.85", "1.00", "0.82", "0.12", "-0.08", "0.12", "0.65", "0.15", "0.00"], // DEVELOPED_MARKETS
  ["0.75", "0.82", "1.00", "0.15", "-0.05", "0.15", "0.60", "0.25", "0.00"], // EMERGING_MARKETS
  ["0.10", "0.12", "0.15", "1.00", "0.90", "0.75", "0.25", "0.25", "0.15"], // US_BONDS
  ["-0.10", "-0.08", "-0.05", "0.90", "1.00", "0.70", "0.10", "0.30", "0.15"], // TREASURIES
  ["0.10", "0.12", "0.15", "0.75", "0.70", "1.00", "0.25", "0.40", "0.10"], // INFLATION_PROTECTED
  ["0.70", "0.65", "0.60", "0.25", "0.10", "0.25", "1.00", "0.10", "0.00"], // REAL_ESTATE
  ["0.05", "0.15", "0.25", "0.25", "0.30", "0.40", "0.10", "1.00", "0.00"], // GOLD
  ["0.00", "0.00", "0.00", "0.15", "0.15", "0.10", "0.00", "0.00", "1.00"], // CASH
];

export interface CmaNumbers {
  classes: readonly AssetClass[];
  mean: number[];
  vol: number[];
  /** Covariance matrix of annual returns. */
  cov: number[][];
}

/** Float64 copies of the assumptions, for simulations and optimisation (estimates, not money). */
export function cmaNumbers(): CmaNumbers {
  const mean = ASSET_CLASSES.map((c) => Number(ASSUMPTIONS[c].expectedReturn));
  const vol = ASSET_CLASSES.map((c) => Number(ASSUMPTIONS[c].volatility));
  const cov = ASSET_CLASSES.map((_, i) => ASSET_CLASSES.map((_, j) => Number(CORRELATIONS[i]![j]) * vol[i]! * vol[j]!));
  return { classes: ASSET_CLASSES, mean, vol, cov };
}

/**
 * Expected annual return and volatility of a mix of asset classes (weights as fractions summing to 1; classes
 * not named weigh 0): μ = Σ wᵢ μᵢ, σ = √(wᵀ Σ w).
 */
export function portfolioMoments(weights: Partial<Record<AssetClass, number>>): { expectedReturn: number; volatility: number } {
  const { classes, mean, cov } = cmaNumbers();
  const w = classes.map((c) => weights[c] ?? 0);
  let mu = 0;
  let variance = 0;
  for (let i = 0; i < w.length; i++) {
    mu += w[i]! * mean[i]!;
    for (let j = 0; j < w.length; j++) variance += w[i]! * w[j]! * cov[i]![j]!;
  }
  return { expectedReturn: mu, volatility: Math.sqrt(Math.max(variance, 0)) };
}
