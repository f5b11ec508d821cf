import { describe, expect, it } from "vitest";
import { parseSeries, thinned, withFlows } from "./performance";

describe("thinned chart series", () => {
  it("keeps short series whole", () => {
    expect(thinned([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });

  it("spaces long series evenly, keeping the first and last day", () => {
    const days = Array.from({ length: 1_256 }, (_, i) => i);
    const points = thinned(days, 320);
    expect(points).toHaveLength(320);
    expect(points[0]).toBe(0);
    expect(points.at(-1)).toBe(1_255);
    expect(new Set(points).size).toBe(320);
    expect(thinned([10, 20, 30, 40, 50], 3)).toEqual([10, 30, 50]);
  });
});

describe("daily snapshots as the database sends them", () => {
  it("reads date, value and net flow in cents, exactly, including withdrawals and big accounts", () => {
    expect(parseSeries("2026-01-02,100000,100000;2026-01-05,90012,-10000;2026-01-06,900719925474099312,0")).toEqual([
      { date: "2026-01-02", value: 100_000n, flow: 100_000n },
      { date: "2026-01-05", value: 90_012n, flow: -10_000n },
      { date: "2026-01-06", value: 900_719_925_474_099_312n, flow: 0n },
    ]);
  });

  it("is empty for an account with no snapshots", () => {
    expect(parseSeries(null)).toEqual([]);
  });
});

describe("flows as the database sends them", () => {
  it("attach to their day in the order they moved; days without one stay as they were", () => {
    const days = parseSeries("2026-01-02,100000,100000;2026-01-03,150000,50000;2026-01-05,151000,0");
    expect(withFlows(days, "2026-01-02,0,100000;2026-01-03,100500,20000;2026-01-03,120500,30000")).toEqual([
      { date: "2026-01-02", value: 100_000n, flow: 100_000n, flows: [{ before: 0n, amount: 100_000n }] },
      {
        date: "2026-01-03",
        value: 150_000n,
        flow: 50_000n,
        flows: [
          { before: 100_500n, amount: 20_000n },
          { before: 120_500n, amount: 30_000n },
        ],
      },
      { date: "2026-01-05", value: 151_000n, flow: 0n },
    ]);
    expect(withFlows(days, null)).toBe(days);
  });
});
