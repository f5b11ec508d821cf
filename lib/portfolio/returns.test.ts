import { describe, expect, it } from "vitest";
import Decimal from "decimal.js";
import { annualisedVolatility, dailyReturns, fixedRatio, inRange, rangeBoundary, maxDrawdown, moneyWeightedReturn, timeWeightedReturn, type Snapshot } from "./returns";

/** A day's value and flow in dollars (written as decimal strings or whole numbers), stored as cents. */
const cents = (dollars: number | string) => {
  const [whole, fraction = ""] = String(dollars).split(".");
  return BigInt(whole!) * 100n + (whole!.startsWith("-") ? -1n : 1n) * BigInt((fraction + "00").slice(0, 2));
};
const day = (date: string, value: number | string, flow: number | string = 0): Snapshot => ({ date, value: cents(value), flow: cents(flow) });
const pct = (ratio: number | null, places = 4) => (ratio === null ? undefined : Number((ratio * 100).toFixed(places)));
/** The cumulative money-weighted return, or why not. */
const mwr = (days: Snapshot[]) => {
  const result = moneyWeightedReturn(days);
  return result.meaningful ? result.cumulative : result.reason;
};

describe("time-weighted return", () => {
  it("links daily returns: +10% then −10% is −1%", () => {
    const days = [day("2026-01-05", 100), day("2026-01-06", 110), day("2026-01-07", 99)];
    expect(dailyReturns(days).map((d) => pct(d.r))).toEqual([10, -10]);
    expect(pct(timeWeightedReturn(days))).toBe(-1);
  });

  it("does not count a deposit as performance", () => {
    // Day 2: +10% ($1,000 → $1,100). Day 3: $1,000 deposited, value $2,200: (2200 − 1000) / 1100 − 1 = +9.0909%.
    // Linked: 1.1 × 1.090909 − 1 = +20%.
    const days = [day("2026-01-05", 1000), day("2026-01-06", 1100), day("2026-01-07", 2200, 1000)];
    expect(pct(timeWeightedReturn(days))).toBe(20);
  });

  it("does not count a withdrawal as a loss", () => {
    // $1,000 → $1,050 (+5%), then $500 withdrawn and the rest flat: (550 − (−500)) / 1050 − 1 = 0%.
    const days = [day("2026-01-05", 1000), day("2026-01-06", 1050), day("2026-01-07", 550, -500)];
    expect(pct(timeWeightedReturn(days))).toBe(5);
  });

  it("treats a day with no prices (no snapshot) as no day at all", () => {
    const withGap = [day("2026-01-05", 100), day("2026-01-07", 110)];
    expect(pct(timeWeightedReturn(withGap))).toBe(10);
  });

  it("starts when the first money arrives", () => {
    const days = [day("2026-01-05", 0), day("2026-01-06", 500, 500), day("2026-01-07", 510)];
    expect(pct(timeWeightedReturn(days))).toBe(2);
  });
});

describe("money-weighted return", () => {
  it("equals the time-weighted return without flows", () => {
    const days = [day("2026-01-05", 100), day("2026-01-06", 110), day("2026-01-07", 99)];
    expect(pct(mwr(days) as number, 6)).toBe(-1);
  });

  it("weighs the period when more money was invested more", () => {
    // $1,000 grows 10% over a day, then $1,000 more arrives and the whole falls 5% over the next day:
    // TWR = 1.1 × 0.95 − 1 = +4.5%. The investor lost money on the larger second stake, so the MWR is lower.
    const days = [day("2026-01-05", 1000), day("2026-01-06", 2100, 1000), day("2026-01-07", 1995)];
    expect(pct(timeWeightedReturn(days))).toBeCloseTo(4.5, 6);
    // Solve −1000x² − 1000x + 1995 = 0 (x = 1 + daily rate): x = (−1000 + √8,980,000) / 2000 = 0.9983325…;
    // over two days x² − 1 = −0.3332%.
    expect(pct(mwr(days) as number)).toBeCloseTo(-0.3332, 3);
  });
});

describe("risk figures", () => {
  it("annualises the volatility of daily returns", () => {
    // Returns +1%, −1%, +1%, −1%: sample standard deviation 1.1547%; × √252 = 18.330%
    const days = [day("2026-01-05", 1_000_000), day("2026-01-06", 1_010_000), day("2026-01-07", 999_900), day("2026-01-08", 1_009_899), day("2026-01-09", "999800.01")];
    expect(pct(annualisedVolatility(days), 2)).toBeCloseTo(18.33, 2);
  });

  it("finds the largest fall from a peak, ignoring flows", () => {
    // Index: 1.0 → 1.2 → 0.9 (−25% from the peak) → 1.1; a $500 withdrawal on the last day is not a fall.
    const days = [day("2026-01-05", 100), day("2026-01-06", 120), day("2026-01-07", 90), day("2026-01-08", 610, 500)];
    expect(pct(maxDrawdown(days))).toBe(25);
  });
});

describe("ranges", () => {
  const year = Array.from({ length: 400 }, (_, i) => {
    const date = new Date(Date.UTC(2025, 9, 1) + i * 86_400_000).toISOString().slice(0, 10);
    return day(date, 100 + i);
  });

  it("cuts 1M, 3M, YTD and 1Y from the last day, keeping the day before as the base", () => {
    const last = year.at(-1)!.date; // 2026-11-04
    expect(last).toBe("2026-11-04");
    expect(inRange(year, "1M")[0]!.date).toBe("2026-10-04");
    expect(inRange(year, "3M")[0]!.date).toBe("2026-08-04");
    expect(inRange(year, "YTD")[0]!.date).toBe("2025-12-31");
    expect(inRange(year, "1Y")[0]!.date).toBe("2025-11-04");
    expect(inRange(year, "ALL")).toHaveLength(400);
  });

  it("count calendar months back, ending on the month's last day when the day does not exist", () => {
    expect(rangeBoundary("2026-03-31", "1M")).toBe("2026-02-28");
    expect(rangeBoundary("2024-03-31", "1M")).toBe("2024-02-29");
    expect(rangeBoundary("2026-05-31", "3M")).toBe("2026-02-28");
    expect(rangeBoundary("2024-02-29", "1Y")).toBe("2023-02-28");
    expect(rangeBoundary("2026-01-15", "YTD")).toBe("2025-12-31");
    expect(rangeBoundary("2026-01-15", "ALL")).toBeNull();
  });
});

describe("precision", () => {
  it("stays exact to far below a hundredth of a percent over five years of daily returns", () => {
    // 1,256 days alternating +0.7% and −0.6% on $12,345.67, recorded to the cent as the snapshots are.
    const days: Snapshot[] = [];
    let value = 1_234_567n;
    for (let i = 0; i < 1_256; i++) {
      if (i > 0) value = (value * (i % 2 ? 1007n : 994n) + 500n) / 1000n;
      days.push({ date: new Date(Date.UTC(2021, 0, 4) + i * 86_400_000).toISOString().slice(0, 10), value, flow: 0n });
    }
    // The same linking in 40-digit decimals.
    const Precise = Decimal.clone({ precision: 40 });
    const exact = days.slice(1).reduce((growth, s, i) => growth.times(new Precise(s.value.toString()).dividedBy(days[i]!.value.toString())), new Precise(1)).minus(1);
    expect(Math.abs(timeWeightedReturn(days) - exact.toNumber())).toBeLessThan(1e-11);
    // With no flows the money-weighted return is the same figure.
    expect(Math.abs((mwr(days) as number) - exact.toNumber())).toBeLessThan(1e-9);
  });

  it("never shows a tiny loss as −0", () => {
    expect(fixedRatio(-0.0000001, 2)).toBe("0.00");
    expect(fixedRatio(-0.0051, 2)).toBe("-0.01");
    expect(fixedRatio(0.1234567, 6)).toBe("0.123457");
  });
});
