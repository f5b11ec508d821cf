import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { backtest, backtestFigures } from "./backtest";

const closes = (rows: Record<string, [string, string][]>) =>
  Object.fromEntries(Object.entries(rows).map(([symbol, bars]) => [symbol, new Map(bars.map(([date, close]) => [date, new Decimal(close)]))]));

describe("backtesting a model's weights", () => {
  it("with 100% in one asset, grows exactly as that asset", () => {
    const dates = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"];
    const result = backtest(dates, { A: new Decimal(1) }, closes({
      A: [["2026-01-05", "100"], ["2026-01-06", "110"], ["2026-01-07", "99"], ["2026-01-08", "121"]],
      B: [["2026-01-05", "50"], ["2026-01-06", "10"], ["2026-01-07", "90"], ["2026-01-08", "1"]],
    }))!;
    expect(result.index).toEqual([1, 1.1, 0.99, 1.21]);
    expect(result.annualisedReturn).toBeCloseTo(1.21 ** (252 / 3) - 1, 6);
    // Peak 1.1, trough 0.99: a fall of 10%.
    expect(result.maxDrawdown).toBeCloseTo(0.1, 12);
  });

  it("measures the largest fall from a running peak by hand: 1 → 1.2 → 0.9 (−25%) → 1.5 → 1.2 (−20%)", () => {
    const dates = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-12"];
    const figures = backtestFigures(dates, [1, 1.2, 0.9, 1, 1.5, 1.2]);
    expect(figures.maxDrawdown).toBeCloseTo(0.25, 12);
    // Daily returns 20%, −25%, 11.1%, 50%, −20%: sample standard deviation × √252.
    const r = [0.2, -0.25, 1 / 0.9 - 1, 0.5, -0.2];
    const m = r.reduce((s, x) => s + x, 0) / 5;
    expect(figures.volatility).toBeCloseTo(Math.sqrt((r.reduce((s, x) => s + (x - m) ** 2, 0) / 4) * 252), 10);
  });

  it("splits the history into calendar years and names the worst complete one", () => {
    const dates = ["2023-01-03", "2023-12-29", "2024-01-02", "2024-12-31", "2025-01-02", "2025-06-30"];
    const figures = backtestFigures(dates, [1, 1.1, 1.0, 0.88, 0.9, 1.0]);
    expect(figures.years.map((y) => [y.year, Number(y.return.toFixed(6)), y.partial])).toEqual([
      [2023, 0.1, false],
      [2024, -0.2, false],
      [2025, Number((1 / 0.88 - 1).toFixed(6)), true],
    ]);
    expect(figures.worstYear?.year).toBe(2024);
  });
});
