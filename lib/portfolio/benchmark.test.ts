import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { benchmarkIndex, benchmarkLine, GROWTH_SCALE, SIXTY_FORTY } from "./benchmark";

const closes = (rows: Record<string, [string, string][]>) =>
  Object.fromEntries(Object.entries(rows).map(([symbol, bars]) => [symbol, new Map(bars.map(([date, close]) => [date, new Decimal(close)]))]));

describe("the 60/40 benchmark", () => {
  it("links the daily weighted returns of its two funds", () => {
    // Day 2: VTI +10%, BND 0% → +6%. Day 3: VTI 0%, BND −5% → −2%. Index 1 → 1.06 → 1.0388.
    const index = benchmarkIndex(
      ["2026-01-05", "2026-01-06", "2026-01-07"],
      SIXTY_FORTY.weights,
      closes({
        VTI: [["2026-01-05", "100"], ["2026-01-06", "110"], ["2026-01-07", "110"]],
        BND: [["2026-01-05", "80"], ["2026-01-06", "80"], ["2026-01-07", "76"]],
      }),
    );
    expect(index?.map((v) => v.toString())).toEqual(["1", "1.06", "1.0388"]);
  });

  it("carries the last close over a day without one, and needs a close on the first day", () => {
    const index = benchmarkIndex(
      ["2026-01-05", "2026-01-06"],
      SIXTY_FORTY.weights,
      closes({ VTI: [["2026-01-02", "100"], ["2026-01-06", "105"]], BND: [["2026-01-05", "80"]] }),
    );
    expect(index?.map((v) => v.toString())).toEqual(["1", "1.03"]);
    expect(benchmarkIndex(["2026-01-05"], SIXTY_FORTY.weights, closes({ VTI: [["2026-01-06", "1"]], BND: [] }))).toBeNull();
  });

  it("is a total-return index: income per share is added on its ex-date", () => {
    // BND pays $0.40 a share, ex 2026-01-06, and its close stays at $80: its day is (80 + 0.40) / 80 − 1 = +0.5%;
    // VTI flat. The mix: 0.4 × 0.5% = +0.2%.
    const index = benchmarkIndex(
      ["2026-01-05", "2026-01-06", "2026-01-07"],
      SIXTY_FORTY.weights,
      closes({ VTI: [["2026-01-05", "100"], ["2026-01-06", "100"], ["2026-01-07", "100"]], BND: [["2026-01-05", "80"], ["2026-01-06", "80"], ["2026-01-07", "80"]] }),
      { BND: new Map([["2026-01-06", new Decimal("0.40")]]) },
    );
    expect(index?.map((v) => v.toString())).toEqual(["1", "1.002", "1.002"]);
  });
});

describe("the benchmark line: the same deposits and withdrawals in the benchmark", () => {
  const growth = (...factors: string[]) => factors.map((f) => BigInt(new Decimal(f).times(GROWTH_SCALE.toString()).toFixed(0)));

  it("invests each day's flow at that day's close, so saving more does not look like beating it", () => {
    // $1,000 on day 1; the index +10% by day 2, when $1,000 more is deposited: $1,100 + $1,000 = $2,100; −10% of
    // the index by day 3 (1.1 → 0.99): $2,100 × 0.9 = $1,890.
    expect(benchmarkLine([{ value: 100_000n, flow: 100_000n }, { value: 0n, flow: 100_000n }, { value: 0n, flow: 0n }], growth("1", "1.1", "0.99"))).toEqual([
      100_000n,
      210_000n,
      189_000n,
    ]);
  });

  it("takes withdrawals out, and rounds each day once, half up", () => {
    // $1,000.00; index × 1.000005 (+½ cent: rounds up to $1,000.01); $500 withdrawn at × 1.00001: $500.01.
    expect(benchmarkLine([{ value: 100_000n, flow: 0n }, { value: 0n, flow: 0n }, { value: 0n, flow: -50_000n }], growth("1", "1.000005", "1.00001"))).toEqual([
      100_000n,
      100_001n,
      50_001n,
    ]);
  });
});
