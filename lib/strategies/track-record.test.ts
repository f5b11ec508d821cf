import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { followersText, netOfFee, strategyIndex, trackFigures } from "./track-record";

const d = (value: string | number) => new Decimal(value);
const closesOf = (series: Record<string, [string, number][]>) =>
  Object.fromEntries(Object.entries(series).map(([symbol, rows]) => [symbol, new Map(rows.map(([date, close]) => [date, d(close)]))]));

const DAYS = ["2025-01-03", "2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09"];
const CLOSES = closesOf({
  A: [["2025-01-03", 90], ["2025-01-06", 100], ["2025-01-07", 110], ["2025-01-08", 99], ["2025-01-09", 99]],
  B: [["2025-01-03", 40], ["2025-01-06", 50], ["2025-01-07", 50], ["2025-01-08", 55], ["2025-01-09", 55]],
});

describe("strategyIndex", () => {
  it("applies each version from the close of the day it took effect, and nothing before the first", () => {
    // v1 (50/50) from Saturday the 4th: governs from Monday's close. v2 (20/80) from Tuesday the 7th.
    // Mon→Tue under v1: A +10 %, B 0 % → +5 % → 1.05.
    // Tue→Wed under v2: A −10 %, B +10 % → 0.2 × −0.1 + 0.8 × 0.1 = +6 % → 1.05 × 1.06 = 1.113.
    // Wed→Thu under v2: flat → 1.113.
    const result = strategyIndex(
      DAYS,
      [
        { from: "2025-01-07", weights: { A: d("0.2"), B: d("0.8") } },
        { from: "2025-01-04", weights: { A: d("0.5"), B: d("0.5") } },
      ],
      CLOSES,
    )!;
    expect(result.dates).toEqual(["2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09"]);
    expect(result.index.map(String)).toEqual(["1", "1.05", "1.113", "1.113"]);
  });

  it("reinvests income paid on an ex-date within the step", () => {
    // Thursday B pays 1.10 a share: (55 + 1.1) / 55 − 1 = +2 %, 80 % of it → +1.6 % → 1.113 × 1.016 = 1.130808.
    const income = { B: new Map([["2025-01-09", d("1.1")]]) };
    const result = strategyIndex(
      DAYS,
      [
        { from: "2025-01-06", weights: { A: d("0.5"), B: d("0.5") } },
        { from: "2025-01-07", weights: { A: d("0.2"), B: d("0.8") } },
      ],
      CLOSES,
      income,
    )!;
    expect(result.index.at(-1)!.toString()).toBe("1.130808");
  });

  it("lets a version published later the same trading day replace the earlier one before it governs", () => {
    const result = strategyIndex(
      DAYS,
      [
        { from: "2025-01-06", weights: { A: d("0.5"), B: d("0.5") } },
        { from: "2025-01-06", weights: { A: d("1"), B: d("0") } },
      ].map((v, i) => ({ ...v, from: i === 0 ? "2025-01-05" : v.from })),
      CLOSES,
    )!;
    // All in A: 100 → 110 → 99 → 99.
    expect(result.index.map(String)).toEqual(["1", "1.1", "0.99", "0.99"]);
  });

  it("is empty before the first version and null without prices for a fund", () => {
    expect(strategyIndex(DAYS, [{ from: "2025-02-01", weights: { A: d(1) } }], CLOSES)).toEqual({ dates: [], index: [] });
    expect(strategyIndex(DAYS, [{ from: "2025-01-06", weights: { A: d("0.5"), C: d("0.5") } }], CLOSES)).toBeNull();
  });
});

describe("netOfFee", () => {
  it("accrues every calendar day, weekends too: Friday to Monday is three days", () => {
    // 3.65 % a year is 0.01 % a day in 2025: 0.9999³ = 0.999700029999.
    const net = netOfFee(["2025-01-03", "2025-01-06"], [d(1), d("1.02")], d("0.0365"));
    expect(net.map(String)).toEqual(["1", d("1.02").times("0.999700029999").toString()]);
  });

  it("divides by 366 in a leap year", () => {
    // 3.66 % over 2028-02-29 and 2028-03-01: 0.9999² = 0.99980001.
    expect(netOfFee(["2028-02-28", "2028-03-01"], [d(1), d(1)], d("0.0366"))[1]!.toString()).toBe("0.99980001");
  });

  it("costs a hair under 0.25 % over a year at 0.25 %", () => {
    const [, year] = netOfFee(["2025-01-01", "2026-01-01"], [d(1), d(1)], d("0.0025"));
    const exact = d(1).minus(d("0.0025").dividedBy(365)).pow(365);
    expect(year!.toSignificantDigits(15).toString()).toBe(exact.toSignificantDigits(15).toString());
    // (1 − 0.0025/365)^365 = 0.997503114…: within 0.0004 % of × (1 − 0.0025), and above it.
    expect(year!.toFixed(9)).toBe("0.997503114");
    expect(year!.greaterThan("0.9975")).toBe(true);
  });
});

describe("trackFigures", () => {
  it("measures the index as returns.ts measures an account", () => {
    const figures = trackFigures(["2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09"], [d(1), d("1.1"), d("0.99"), d("1.089")])!;
    expect(figures.sinceInception).toBe(0.089);
    // Peak 1.1, trough 0.99: 10 %.
    expect(figures.maxDrawdown).toBe(0.1);
    expect(figures.oneMonth).toBeNull();
    expect(figures.oneYear).toBeNull();
    expect(figures.sinceInceptionAnnualised).toBeNull();
  });

  it("gives one month and one year when the history covers them, and annualises over a year", () => {
    const figures = trackFigures(["2024-01-01", "2024-12-01", "2025-01-01"], [d(1), d("1.2"), d("1.21")])!;
    expect(figures.oneYear).toBe(0.21);
    // From the last day before the month (Dec 1): 1.21 / 1.2 − 1.
    expect(figures.oneMonth).toBeCloseTo(0.0083333333333, 12);
    expect(figures.days).toBe(366);
    expect(figures.sinceInceptionAnnualised).toBeCloseTo(1.21 ** (365 / 366) - 1, 12);
  });

  it("has nothing to say about a single day", () => {
    expect(trackFigures(["2025-01-06"], [d(1)])).toBeNull();
  });
});

describe("followersText", () => {
  it("never shows a count under five", () => {
    expect(followersText(0)).toBe("Fewer than 5 investors follow this strategy");
    expect(followersText(1)).toBe("Fewer than 5 investors follow this strategy");
    expect(followersText(4)).toBe("Fewer than 5 investors follow this strategy");
    expect(followersText(5)).toBe("5 investors follow this strategy");
    expect(followersText(1234)).toBe("1,234 investors follow this strategy");
  });
});
