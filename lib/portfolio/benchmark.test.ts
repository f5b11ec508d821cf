import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { benchmarkIndex, SIXTY_FORTY } from "./benchmark";

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
});
