import { describe, expect, it } from "vitest";
import { ASSET_CLASSES, CORRELATIONS, cmaNumbers, portfolioMoments } from "./capital-market-assumptions";

/** Cholesky factorisation succeeds (every pivot positive) only for a positive-definite matrix. */
function isPositiveDefinite(m: number[][]): boolean {
  const n = m.length;
  const l = m.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (sum <= 0) return false;
        l[i]![i] = Math.sqrt(sum);
      } else l[i]![j] = sum / l[j]![j]!;
    }
  }
  return true;
}

describe("capital-market assumptions", () => {
  it("has a symmetric correlation matrix with a unit diagonal that is positive definite", () => {
    expect(CORRELATIONS).toHaveLength(ASSET_CLASSES.length);
    const m = CORRELATIONS.map((row) => row.map(Number));
    m.forEach((row, i) => {
      expect(row).toHaveLength(ASSET_CLASSES.length);
      expect(row[i]).toBe(1);
      row.forEach((value, j) => expect(value).toBe(m[j]![i]));
    });
    expect(isPositiveDefinite(m)).toBe(true);
    expect(isPositiveDefinite(cmaNumbers().cov)).toBe(true);
  });

  it("gives a single class its own figures and a two-class mix the textbook formula", () => {
    const stocks = portfolioMoments({ US_STOCKS: 1 });
    expect(stocks.expectedReturn).toBeCloseTo(0.07, 12);
    expect(stocks.volatility).toBeCloseTo(0.16, 12);
    // 60/40 US stocks and bonds, by hand: μ = .6·.07 + .4·.045 = .06;
    // σ² = .36·.0256 + .16·.003025 + 2·.6·.4·.1·.16·.055 = .009216 + .000484 + .0004224 = .0101224.
    const mix = portfolioMoments({ US_STOCKS: 0.6, US_BONDS: 0.4 });
    expect(mix.expectedReturn).toBeCloseTo(0.06, 12);
    expect(mix.volatility).toBeCloseTo(Math.sqrt(0.0101224), 12);
  });
});
