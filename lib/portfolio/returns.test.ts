import { describe, expect, it } from "vitest";
import Decimal from "decimal.js";
import {
  annualised,
  annualisedVolatility,
  dailyReturns,
  dayReturn,
  fixedRatio,
  inRange,
  rangeBoundary,
  maxDrawdown,
  moneyWeightedReturn,
  timeWeightedReturn,
  type Snapshot,
} from "./returns";

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

describe("a day's return, chain-linked through its flows", () => {
  it("takes a deposit out at the moment it arrived, not at the close", () => {
    // $1,000 at yesterday's close; −10% by the time $9,000 arrives ($900 → $9,900); −5% from there to the close
    // ($9,405). The day: 0.9 × 0.95 − 1 = −14.5%. Counted at the close it would be (9405 − 9000) / 1000 − 1 = −59.5%.
    const today: Snapshot = { date: "2026-01-06", value: cents(9405), flow: cents(9000), flows: [{ before: cents(900), amount: cents(9000) }] };
    expect(pct(dayReturn(cents(1000), today))).toBe(-14.5);
    expect(pct(dayReturn(cents(1000), { ...today, flows: undefined }))).toBe(-59.5);
  });

  it("links several flows in their order, and a withdrawal is no loss", () => {
    // $2,000 → $2,200 (+10%) when $1,000 is withdrawn → $1,200 → $1,320 (+10%) when $500 arrives → $1,820 →
    // $1,820 at the close (0%): 1.1 × 1.1 × 1 − 1 = +21%.
    const today: Snapshot = {
      date: "2026-01-06",
      value: cents(1820),
      flow: cents(-500),
      flows: [
        { before: cents(2200), amount: cents(-1000) },
        { before: cents(1320), amount: cents(500) },
      ],
    };
    expect(pct(dayReturn(cents(2000), today))).toBe(21);
  });

  it("starts with the first money: a first deposit into an empty account is no gain", () => {
    expect(pct(dayReturn(0n, { date: "2026-01-06", value: cents(510), flow: cents(500), flows: [{ before: 0n, amount: cents(500) }] }))).toBe(2);
    expect(dayReturn(0n, { date: "2026-01-06", value: 0n, flow: 0n })).toBeNull();
  });

  it("takes any part of the day's flow recorded without a value at the close (history from before flows were valued)", () => {
    // $100 valued at 10:00 ($1,000 → $990 before it), $50 more unvalued: 990/1000 × (1155 − 50)/1090 − 1.
    const today: Snapshot = { date: "2026-01-06", value: cents(1155), flow: cents(150), flows: [{ before: cents(990), amount: cents(100) }] };
    expect(dayReturn(cents(1000), today)).toBeCloseTo((990 / 1000) * (1105 / 1090) - 1, 14);
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

/** Σ amount × x^n in 60-digit decimals, and its root for x in (lo, hi) by plain bisection: a second method. */
function decimalRoot(cashflows: [n: number, amount: number][], lo = "0.000001", hi = "100"): Decimal | null {
  const D = Decimal.clone({ precision: 60 });
  const f = (x: Decimal) => cashflows.reduce((sum, [n, amount]) => sum.plus(new D(amount).times(x.pow(n))), new D(0));
  let low = new D(lo);
  let high = new D(hi);
  if (f(low).isPositive() === f(high).isPositive()) return null;
  const lowPositive = f(low).isPositive();
  for (let i = 0; i < 250; i++) {
    const mid = low.plus(high).dividedBy(2);
    if (f(mid).isPositive() === lowPositive) low = mid;
    else high = mid;
  }
  return low;
}

describe("money-weighted return: a root or a reason", () => {
  it("finds a rate far outside ±50% a day when there is one, and checks it", () => {
    // $100 becomes $400 the next day: +300% in a day. The old solver's bracket stopped at +50%.
    const result = moneyWeightedReturn([day("2026-01-05", 100), day("2026-01-06", 400)]);
    expect(result).toEqual({ meaningful: true, cumulative: 3, annualised: null, days: 1 });
  });

  it("annualises only a period of a year or more", () => {
    // +21% over two years: (1.21)^(365/730) − 1 = +10% a year; +5% over 100 days is not annualised.
    const twoYears = moneyWeightedReturn([day("2024-01-01", 1000), day("2025-12-31", 1210)]);
    expect(twoYears.meaningful && pct(twoYears.cumulative)).toBe(21);
    expect(twoYears.meaningful && pct(twoYears.annualised)).toBe(10);
    expect(annualised(0.05, 100)).toBeNull();
    expect(pct(annualised(0.21, 730))).toBe(10);
  });

  it("says why not: too short, no money in, more than one rate", () => {
    expect(moneyWeightedReturn([day("2026-01-05", 100)])).toEqual({ meaningful: false, reason: "too-short" });
    expect(moneyWeightedReturn([day("2026-01-05", 0), day("2026-01-06", 0)])).toEqual({ meaningful: false, reason: "no-money-in" });
    // The textbook case with two rates: −100, +230, −132 over two days is zero at +10% and at +20% a day
    // (−100x² + 230x − 132 = 0 at x = 1.1 and 1.2). Neither is the investor's return.
    const twoRates = [day("2026-01-05", 100), day("2026-01-06", 0, -230), day("2026-01-07", 0, 132)];
    expect(moneyWeightedReturn(twoRates)).toEqual({ meaningful: false, reason: "no-unique-rate" });
  });

  it("agrees with a bisection in 60-digit decimals when flows change sign several times", () => {
    // $10,000 in, $9,500 out ten days later, then $500 every 30 days for a year, ending at $6,400.
    const days: Snapshot[] = [day("2025-01-01", 10_000), day("2025-01-11", 520, -9_500)];
    for (let i = 1; i <= 12; i++) days.push(day(new Date(Date.UTC(2025, 0, 11) + i * 30 * 86_400_000).toISOString().slice(0, 10), 500 * i + 500, 500));
    days.push(day("2026-01-15", 6_400));
    const result = moneyWeightedReturn(days);
    expect(result.meaningful).toBe(true);
    if (!result.meaningful) return;
    const horizon = 379;
    const flows: [number, number][] = days.map((s, i) => [
      horizon - Math.round((Date.parse(s.date) - Date.parse(days[0]!.date)) / 86_400_000),
      i === 0 ? -Number(s.value) : -Number(s.flow) + (i === days.length - 1 ? Number(s.value) : 0),
    ]);
    const x = decimalRoot(flows)!;
    expect(Math.abs(result.cumulative - x.pow(horizon).minus(1).toNumber())).toBeLessThan(1e-9);
    expect(Math.abs(result.cumulative)).toBeLessThan(1); // a plausible figure, not 10^85 %
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
