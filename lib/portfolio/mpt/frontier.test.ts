import { describe, expect, it } from "vitest";
import { distanceToFrontier, efficientFrontier, frontierPointAt, InfeasibleWeights, maximumSharpe, minimiseOnCappedSimplex, type OptimisationInput } from "./frontier";

const twoAssets = (s1: number, s2: number, rho: number, mean = [0.08, 0.04], cap = [1, 1]): OptimisationInput => ({
  mean,
  cov: [
    [s1 * s1, rho * s1 * s2],
    [rho * s1 * s2, s2 * s2],
  ],
  cap,
  riskFree: 0.03,
});

describe("the efficient frontier", () => {
  it("puts the two-asset minimum-variance weight at (σ2² − ρσ1σ2) / (σ1² + σ2² − 2ρσ1σ2)", () => {
    // σ1 = 20%, σ2 = 10%, ρ = 0.3: (0.01 − 0.006) / (0.04 + 0.01 − 0.012) = 0.004 / 0.038 = 0.105263…
    const input = twoAssets(0.2, 0.1, 0.3);
    const w = minimiseOnCappedSimplex(input.cov, [0, 0], input.cap);
    expect(w[0]).toBeCloseTo(0.004 / 0.038, 10);
    expect(w[1]).toBeCloseTo(1 - 0.004 / 0.038, 10);
    const [first] = efficientFrontier(input, 5);
    expect(first!.weights[0]).toBeCloseTo(0.004 / 0.038, 8);
  });

  it("keeps weights long-only when the closed form would short (ρ = 0.9 gives w1 = −0.008 / 0.014)", () => {
    const w = minimiseOnCappedSimplex(twoAssets(0.2, 0.1, 0.9).cov, [0, 0], [1, 1]);
    expect(w).toEqual([0, 1]);
  });

  it("with two assets, a target return fixes the weights: 6% from 8% and 4% is half and half", () => {
    const point = frontierPointAt(twoAssets(0.2, 0.1, 0.3), 0.06);
    expect(point.weights[0]).toBeCloseTo(0.5, 8);
    expect(point.expectedReturn).toBeCloseTo(0.06, 8);
    // σ² = 0.25·0.04 + 0.25·0.01 + 2·0.25·0.006 = 0.0155
    expect(point.volatility).toBeCloseTo(Math.sqrt(0.0155), 8);
  });

  it("finds Σ⁻¹1 / 1ᵀΣ⁻¹1 for uncorrelated assets: variances 4%, 1%, 2% → 1/7, 4/7, 2/7", () => {
    const w = minimiseOnCappedSimplex(
      [
        [0.04, 0, 0],
        [0, 0.01, 0],
        [0, 0, 0.02],
      ],
      [0, 0, 0],
      [1, 1, 1],
    );
    expect(w[0]).toBeCloseTo(1 / 7, 10);
    expect(w[1]).toBeCloseTo(4 / 7, 10);
    expect(w[2]).toBeCloseTo(2 / 7, 10);
  });

  it("respects a maximum weight: capped at 50%, the 4/7 asset holds 50% and the rest is shared 1 : 2 by variance", () => {
    const w = minimiseOnCappedSimplex(
      [
        [0.04, 0, 0],
        [0, 0.01, 0],
        [0, 0, 0.02],
      ],
      [0, 0, 0],
      [0.5, 0.5, 0.5],
    );
    // Remaining 50% in proportion 25 : 50 → 1/6 and 1/3.
    expect(w[1]).toBeCloseTo(0.5, 10);
    expect(w[0]).toBeCloseTo(1 / 6, 10);
    expect(w[2]).toBeCloseTo(1 / 3, 10);
    expect(() => minimiseOnCappedSimplex([[1, 0], [0, 1]], [0, 0], [0.4, 0.4])).toThrow(InfeasibleWeights);
  });

  it("runs from the minimum-variance portfolio to the highest return allowed, returns rising and volatility rising", () => {
    const frontier = efficientFrontier(twoAssets(0.2, 0.1, 0.3, [0.08, 0.04], [0.6, 1]), 6);
    expect(frontier.at(-1)!.weights[0]).toBeCloseTo(0.6, 10);
    expect(frontier.at(-1)!.expectedReturn).toBeCloseTo(0.6 * 0.08 + 0.4 * 0.04, 10);
    for (let k = 1; k < frontier.length; k++) {
      expect(frontier[k]!.expectedReturn).toBeGreaterThan(frontier[k - 1]!.expectedReturn);
      expect(frontier[k]!.volatility).toBeGreaterThan(frontier[k - 1]!.volatility);
    }
  });

  it("finds the tangency portfolio Σ⁻¹(μ − r_f), normalised, for uncorrelated assets", () => {
    // μ = 8%, 5%; r_f = 3%; σ² = 4%, 1% → (1.25, 2) / 3.25
    const point = maximumSharpe({ mean: [0.08, 0.05], cov: [[0.04, 0], [0, 0.01]], cap: [1, 1], riskFree: 0.03 });
    expect(point.weights[0]).toBeCloseTo(1.25 / 3.25, 5);
    expect(point.weights[1]).toBeCloseTo(2 / 3.25, 5);
  });

  it("measures a model's distance: an inefficient 50/50 of two equal-return assets has excess volatility", () => {
    // Equal returns: every mix returns 5%; the frontier at 5% is the minimum-variance mix.
    const input: OptimisationInput = { mean: [0.05, 0.05], cov: [[0.04, 0], [0, 0.01]], cap: [1, 1], riskFree: 0.03 };
    const frontier = efficientFrontier(input, 5);
    // min variance: (0.2, 0.8), σ² = 0.04·0.04 + 0.64·0.01 = 0.008; 50/50: σ² = 0.25·0.05 = 0.0125
    const distance = distanceToFrontier(input, frontier, { expectedReturn: 0.05, volatility: Math.sqrt(0.0125) });
    expect(distance.excessVolatility).toBeCloseTo(Math.sqrt(0.0125) - Math.sqrt(0.008), 8);
  });
});
