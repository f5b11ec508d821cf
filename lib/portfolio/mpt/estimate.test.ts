import { describe, expect, it } from "vitest";
import { blendExpectedReturns, commonDailyReturns, estimate, InsufficientHistory, ledoitWolfConstantCorrelation, sampleMoments, type PriceSeries } from "./estimate";

describe("estimating returns and covariance", () => {
  it("takes simple daily returns on the dates every asset has a close", () => {
    const series: PriceSeries[] = [
      { symbol: "A", assetClass: "US_STOCKS", closes: [["2026-01-05", 100], ["2026-01-06", 101], ["2026-01-07", 99.99], ["2026-01-08", 102.9897]] },
      // No close on 01-07 for B: that date is left out, so A's second return runs from 01-06 to 01-08.
      { symbol: "B", assetClass: "US_BONDS", closes: [["2026-01-05", 50], ["2026-01-06", 51], ["2026-01-08", 51.51]] },
    ];
    const { dates, returns } = commonDailyReturns(series, null);
    expect(dates).toEqual(["2026-01-05", "2026-01-06", "2026-01-08"]);
    expect(returns[0]![0]).toBeCloseTo(0.01, 12);
    expect(returns[0]![1]).toBeCloseTo(0.02, 12);
    expect(returns[1]![0]).toBeCloseTo(102.9897 / 101 - 1, 12);
    expect(returns[1]![1]).toBeCloseTo(0.01, 12);
  });

  it("computes the sample covariance with divisor T on a hand series", () => {
    // A: 1%, −1%, 3% (mean 1%); B: 2%, 0%, 1% (mean 1%). Deviations A 0, −2%, 2%; B 1%, −1%, 0.
    const { mean, cov } = sampleMoments([[0.01, 0.02], [-0.01, 0], [0.03, 0.01]]);
    expect(mean[0]).toBeCloseTo(0.01, 15);
    expect(mean[1]).toBeCloseTo(0.01, 15);
    expect(cov[0]![0]).toBeCloseTo(0.0008 / 3, 15);
    expect(cov[1]![1]).toBeCloseTo(0.0002 / 3, 15);
    expect(cov[0]![1]).toBeCloseTo(0.0002 / 3, 15);
    expect(cov[1]![0]).toBe(cov[0]![1]);
  });

  it("does not shrink two assets (the constant-correlation target is then the sample itself)", () => {
    const shrunk = ledoitWolfConstantCorrelation([[0.01, 0.02], [-0.01, 0], [0.03, 0.01]]);
    expect(shrunk.intensity).toBe(0);
    expect(shrunk.averageCorrelation).toBeCloseTo(0.0002 / 3 / Math.sqrt((0.0008 / 3) * (0.0002 / 3)), 12);
  });

  it("keeps the shrinkage intensity within [0, 1], and the shrunk matrix between the sample and the target", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    for (const observations of [3, 5, 30, 500]) {
      const returns = Array.from({ length: observations }, () => {
        const common = random();
        return Array.from({ length: 6 }, (_, i) => 0.01 * (common * (i % 3) + random()));
      });
      const shrunk = ledoitWolfConstantCorrelation(returns);
      expect(shrunk.intensity).toBeGreaterThanOrEqual(0);
      expect(shrunk.intensity).toBeLessThanOrEqual(1);
      const [i, j] = [1, 4];
      const expected = shrunk.intensity * shrunk.target[i]![j]! + (1 - shrunk.intensity) * shrunk.sample[i]![j]!;
      expect(shrunk.cov[i]![j]).toBeCloseTo(expected, 15);
      expect(shrunk.cov[i]![i]).toBeCloseTo(shrunk.sample[i]![i]!, 15);
    }
  });

  it("shrinks the sample mean toward the assumptions by years / (years + 20)", () => {
    // 5 years: λ = 0.2 → 0.2·10% + 0.8·7% = 7.6%
    const { mean, sampleWeight } = blendExpectedReturns([0.1], [0.07], 5);
    expect(sampleWeight).toBeCloseTo(0.2, 15);
    expect(mean[0]).toBeCloseTo(0.076, 15);
  });

  it("annualises by 252 days, floors a fund that never moved, and refuses too short a history", () => {
    const days = Array.from({ length: 30 }, (_, k) => `2026-02-${String(k + 1).padStart(2, "0")}`.replace("2026-02-29", "2026-03-01").replace("2026-02-30", "2026-03-02"));
    const a: PriceSeries = { symbol: "A", assetClass: "US_STOCKS", closes: days.map((d, k) => [d, 100 * (k % 2 ? 1.01 : 1)] as const) };
    const cash: PriceSeries = { symbol: "C", assetClass: "CASH", closes: days.map((d) => [d, 100] as const) };
    const result = estimate([a, cash], null);
    expect(result.observations).toBe(29);
    expect(result.cov[1]![1]).toBe(0.001 ** 2);
    const { cov } = sampleMoments(commonDailyReturns([a], null).returns);
    expect(result.cov[0]![0]).toBeCloseTo(cov[0]![0]! * 252, 12);
    expect(() => estimate([{ ...a, closes: a.closes.slice(0, 10) }], null)).toThrow(InsufficientHistory);
  });
});
