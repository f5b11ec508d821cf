import { describe, expect, it } from "vitest";
import { monthlyParameters, NormalStream, ON_TRACK_PROBABILITY, projectGoal, seedFromText, type ProjectionInput } from "./monte-carlo";

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const base: ProjectionInput = {
  startingValue: 10_000,
  monthlyContribution: 500,
  months: 120,
  target: 100_000,
  expectedReturn: 0.06,
  volatility: 0,
  annualFee: 0,
  seed: 42,
};

describe("projectGoal with no volatility", () => {
  // Month-end contributions: V = S0·gⁿ + c·(gⁿ − 1)/(g − 1) with g = 1.06^(1/12), n = 120.
  const g = Math.pow(1.06, 1 / 12);
  const annuity = 10_000 * Math.pow(g, 120) + (500 * (Math.pow(g, 120) - 1)) / (g - 1);

  it("is compound interest with contributions, exactly (the annuity formula) on every path", () => {
    // 10,000 · 1.06¹⁰ = 17,908.48 plus 500 · (1.790848 − 1)/(g − 1) = 500 · 162.4734 = 81,236.72.
    expect(annuity).toBeCloseTo(99_145.2, 1);
    const projection = projectGoal({ ...base, paths: 100 });
    const last = projection.bands.at(-1)!;
    expect(last.month).toBe(120);
    for (const value of [last.p10, last.p50, last.p90]) expect(value).toBeCloseTo(annuity, 6);
    // After one year: 10,000·1.06 + 500·(1.06 − 1)/(g − 1).
    const year = projection.bands[1]!;
    expect(year.month).toBe(12);
    expect(year.p50).toBeCloseTo(10_600 + (500 * 0.06) / (g - 1), 6);
  });

  it("reaches a target just under the annuity for sure, and one just over it never", () => {
    expect(projectGoal({ ...base, target: annuity - 1, paths: 100 }).probability).toBe(1);
    expect(projectGoal({ ...base, target: annuity + 1, paths: 100 }).probability).toBe(0);
  });

  it("takes the fee off the expected return", () => {
    const net = Math.pow(1.055, 10);
    const projection = projectGoal({ ...base, monthlyContribution: 0, annualFee: 0.005, paths: 10 });
    expect(projection.bands.at(-1)!.p50).toBeCloseTo(10_000 * net, 6);
  });

  it("says how much more a month, and how much later, would do", () => {
    const projection = projectGoal({ ...base, target: 120_000, paths: 10 });
    expect(projection.advice).toMatchObject({ onTrack: false });
    if (projection.advice.onTrack) return;
    // (120,000 − 99,145.20) / ((g¹²⁰ − 1)/(g − 1)) = 20,854.80 / 162.4734 = 128.36 → $129.
    expect(projection.advice.extraMonthly).toBe(129);
    expect(projectGoal({ ...base, target: 120_000, monthlyContribution: 629, paths: 10 }).advice.onTrack).toBe(true);
    expect(projectGoal({ ...base, target: 120_000, monthlyContribution: 628, paths: 10 }).advice.onTrack).toBe(false);
    const later = projection.advice.monthsLater!;
    expect(projectGoal({ ...base, target: 120_000, months: 120 + later, paths: 10 }).advice.onTrack).toBe(true);
    expect(projectGoal({ ...base, target: 120_000, months: 120 + later - 1, paths: 10 }).advice.onTrack).toBe(false);
  });
});

describe("projectGoal with one lognormal asset and no contributions", () => {
  // 20 years of an asset returning 7 % a year with 16 % volatility, from $100,000.
  const input: ProjectionInput = { ...base, startingValue: 100_000, monthlyContribution: 0, months: 240, expectedReturn: 0.07, volatility: 0.16, target: 300_000, seed: 7 };
  // Written out here rather than taken from monthlyParameters: s = 0.16/√12, m = ln(1.07)/12 − s²/2.
  const s = 0.16 / Math.sqrt(12);
  const m = Math.log(1.07) / 12 - (s * s) / 2;
  const n = 240;
  const projection = projectGoal(input);
  const atTarget = projection.bands.at(-1)!;

  // Monte Carlo tolerances, in logs: the standard error of a quantile of N = 10,000 normal draws is
  // √(q(1−q))/φ(z_q)/√N standard deviations (0.0125 of s√n = 0.716 at the median, 0.0171 at p10/p90): ~3.5 of them.
  it("uses monthly parameters whose year grows by 1 + μ on average", () => {
    expect(monthlyParameters(0.07, 0.16)).toEqual({ m, s });
    expect(Math.exp(12 * m + (12 * s * s) / 2)).toBeCloseTo(1.07, 12);
  });

  it("has the median S0·exp(m·n)", () => {
    expect(Math.abs(Math.log(atTarget.p50 / (100_000 * Math.exp(m * n))))).toBeLessThan(0.03);
  });

  it("has p10 and p90 at S0·exp(m·n ∓ 1.2816·s·√n)", () => {
    expect(Math.abs(Math.log(atTarget.p10 / (100_000 * Math.exp(m * n - 1.2816 * s * Math.sqrt(n)))))).toBeLessThan(0.04);
    expect(Math.abs(Math.log(atTarget.p90 / (100_000 * Math.exp(m * n + 1.2816 * s * Math.sqrt(n)))))).toBeLessThan(0.04);
  });

  it("reaches K with probability 1 − Φ((ln(K/S0) − m·n)/(s·√n))", () => {
    const expected = 1 - phi((Math.log(300_000 / 100_000) - m * n) / (s * Math.sqrt(n)));
    // m·n = 240 · (ln 1.07/12 − 0.0021333/2) = 1.09722, s·√n = 0.71554, ln 3 = 1.09861: z = 0.0019, P = 0.4992.
    expect(expected).toBeCloseTo(0.4992, 3);
    // Standard error of a share of 10,000 paths: √(p(1−p)/N) = 0.005.
    expect(Math.abs(projection.probability - expected)).toBeLessThan(0.015);
  });

  it("has a median that grows with the years and bands that widen", () => {
    const widths = projection.bands.map((band) => Math.log(band.p90 / band.p10));
    for (let i = 1; i < projection.bands.length; i++) {
      expect(projection.bands[i]!.p50).toBeGreaterThan(projection.bands[i - 1]!.p50);
      expect(widths[i]!).toBeGreaterThan(widths[i - 1]!);
    }
  });
});

describe("projectGoal's advice", () => {
  const input: ProjectionInput = { ...base, startingValue: 20_000, monthlyContribution: 300, months: 180, target: 200_000, expectedReturn: 0.065, volatility: 0.12, seed: 99 };

  it("gives a higher probability to a higher contribution (same draws)", () => {
    const chances = [0, 300, 600, 900, 1_200].map((monthlyContribution) => projectGoal({ ...input, monthlyContribution }).probability);
    for (let i = 1; i < chances.length; i++) expect(chances[i]!).toBeGreaterThan(chances[i - 1]!);
  });

  it("names the smallest extra a month that is on track, and the nearest later date", () => {
    const projection = projectGoal(input);
    expect(projection.probability).toBeLessThan(ON_TRACK_PROBABILITY);
    if (projection.advice.onTrack) throw new Error("expected advice");
    const { extraMonthly, monthsLater } = projection.advice;
    const withExtra = projectGoal({ ...input, monthlyContribution: 300 + extraMonthly });
    expect(withExtra.advice.onTrack).toBe(true);
    expect(withExtra.probability).toBeGreaterThanOrEqual(ON_TRACK_PROBABILITY);
    expect(projectGoal({ ...input, monthlyContribution: 300 + extraMonthly - 1 }).advice.onTrack).toBe(false);
    expect(monthsLater).not.toBeNull();
    expect(projectGoal({ ...input, months: 180 + monthsLater! }).advice.onTrack).toBe(true);
    expect(projectGoal({ ...input, months: 180 + monthsLater! - 1 }).advice.onTrack).toBe(false);
  });

  it("says which riskier portfolio would reach the goal: the first of them that does", () => {
    const projection = projectGoal({ ...input, alternatives: [{ expectedReturn: 0.066, volatility: 0.125 }, { expectedReturn: 0.15, volatility: 0.15 }] });
    if (projection.advice.onTrack) throw new Error("expected advice");
    expect(projection.advice.alternative?.index).toBe(1);
    expect(projection.advice.alternative!.probability).toBeGreaterThanOrEqual(ON_TRACK_PROBABILITY);
    const none = projectGoal({ ...input, alternatives: [{ expectedReturn: 0.066, volatility: 0.125 }] });
    expect(none.advice.onTrack || none.advice.alternative).toBe(null);
  });

  it("says on track when at least 70 % of paths reach the target", () => {
    const easy = projectGoal({ ...input, target: 50_000 });
    expect(easy.probability).toBeGreaterThanOrEqual(0.7);
    expect(easy.advice).toEqual({ onTrack: true });
  });
});

describe("determinism", () => {
  const input: ProjectionInput = { ...base, volatility: 0.15, paths: 2_000 };

  it("gives the same projection for the same seed", () => {
    expect(projectGoal(input)).toEqual(projectGoal(input));
  });

  it("gives another for another seed", () => {
    expect(projectGoal({ ...input, seed: 43 }).bands.at(-1)).not.toEqual(projectGoal(input).bands.at(-1));
  });

  it("seeds from a goal's id, the same every time", () => {
    expect(seedFromText("0193a5b2-0000-7000-8000-000000000001")).toBe(seedFromText("0193a5b2-0000-7000-8000-000000000001"));
    expect(seedFromText("a")).not.toBe(seedFromText("b"));
  });

  it("draws standard normals (mean 0, variance 1)", () => {
    const draws = new Float64Array(200_000);
    new NormalStream(1).fill(draws);
    let sum = 0;
    let squares = 0;
    let beyond = 0;
    for (const z of draws) {
      sum += z;
      squares += z * z;
      if (Math.abs(z) > 1.96) beyond++;
    }
    // Standard errors: 1/√N = 0.0022 for the mean, √(2/N) = 0.0032 for the variance, 0.0005 for the 5 % tails.
    expect(Math.abs(sum / draws.length)).toBeLessThan(0.01);
    expect(Math.abs(squares / draws.length - 1)).toBeLessThan(0.012);
    expect(Math.abs(beyond / draws.length - 0.05)).toBeLessThan(0.002);
  });
});

describe("input", () => {
  it("refuses a projection of no months", () => {
    expect(() => projectGoal({ ...base, months: 0 })).toThrow(RangeError);
  });
});
