import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { chargedShare, dailyAccrual, daysInYear, feeMemo, monthBill, monthDays } from "./accrual";
import { accountAnnualFee, annualFeeOf, blendedRate, tierOf, validTiers, type FeeTier } from "./schedule";

const d = (v: string | number) => new Decimal(v);
const FLAT: FeeTier[] = [{ from: 0n, annualRate: d("0.0025") }];
// 0.25 % on the first $100,000, 0.15 % on the next $900,000, 0.10 % above $1,000,000.
const TIERED: FeeTier[] = [
  { from: 0n, annualRate: d("0.0025") },
  { from: 10_000_000n, annualRate: d("0.0015") },
  { from: 100_000_000n, annualRate: d("0.0010") },
];

/** Bills every month of `year` for an account whose value on each day is `valueOn(day)`, as the billing run does. */
function billYear(year: number, valueOn: (day: string) => bigint, tiers = FLAT, share: (day: string) => Decimal = () => d(1)): bigint[] {
  const bills: bigint[] = [];
  let yearToDate = d(0);
  let billed = 0n;
  for (let m = 1; m <= 12; m++) {
    for (const day of monthDays(`${year}-${String(m).padStart(2, "0")}`).days) {
      yearToDate = yearToDate.plus(annualFeeOf(tiers, valueOn(day)).times(share(day)));
    }
    const bill = monthBill(year, yearToDate, billed);
    bills.push(bill);
    billed += bill;
  }
  return bills;
}

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

describe("a year of fees", () => {
  it("charges exactly $250.00 on a constant $100,000 at 0.25 % in 2025, the fractions of a cent carried month to month", () => {
    // A day accrues 25,000 / 365 = 68.4931506849… cents. January (31 days) is 2,123.287… → $21.23 and 0.287¢ is carried;
    // February brings the year to 59 days = 4,041.095… → 4,041 − 2,123 = $19.18.
    const bills = billYear(2025, () => 10_000_000n);
    expect(bills.slice(0, 2)).toEqual([2_123n, 1_918n]);
    expect(sum(bills)).toBe(25_000n);
    expect(daysInYear(2025)).toBe(365);
  });

  it("charges exactly $250.00 in leap 2028 too (366 days, each 25,000 / 366 cents)", () => {
    const bills = billYear(2028, () => 10_000_000n);
    // January: 31 × 25,000 / 366 = 2,117.486… → $21.17; February has 29 days: 60 days = 4,098.36… → $20.81.
    expect(bills.slice(0, 2)).toEqual([2_117n, 1_981n]);
    expect(sum(bills)).toBe(25_000n);
    expect(daysInYear(2028)).toBe(366);
    expect(daysInYear(2100)).toBe(365);
    expect(daysInYear(2000)).toBe(366);
  });

  it("never rounds up: a year whose exact fee has a fraction of a cent forgives that fraction", () => {
    // $1,000.01 at 0.25 % = 250.0025 cents a year → $2.50.
    expect(sum(billYear(2026, () => 100_001n))).toBe(250n);
  });
});

describe("a month", () => {
  it("charges a mid-month deposit only from its day on", () => {
    // $10,000 until 15 April 2026, $20,000 from the 16th: 15 days × 2,500 + 15 days × 5,000 = 112,500 annual-fee cents
    // over 365 days = 308.219… → $3.08 (as the first bill of the year: the account opened in April).
    const valueOn = (day: string) => (day >= "2026-04-16" ? 2_000_000n : 1_000_000n);
    let yearToDate = d(0);
    for (const day of monthDays("2026-04").days) yearToDate = yearToDate.plus(annualFeeOf(FLAT, valueOn(day)));
    expect(yearToDate.toString()).toBe("112500");
    expect(monthBill(2026, yearToDate, 0n)).toBe(308n);
  });

  it("waives the days a waiver covers, wholly or in part", () => {
    const waivers = [
      { from: "2026-06-01", to: "2026-06-10", fraction: d(1) },
      { from: "2026-06-06", to: "2026-06-20", fraction: d("0.5") },
    ];
    expect(chargedShare("2026-06-05", waivers).toString()).toBe("0");
    expect(chargedShare("2026-06-08", waivers).toString()).toBe("0"); // the larger waiver wins
    expect(chargedShare("2026-06-15", waivers).toString()).toBe("0.5");
    expect(chargedShare("2026-06-21", waivers).toString()).toBe("1");
    // $100,000 in June 2026: 10 days free, 10 at half, 10 in full = 15 full days × 25,000 / 365 = 1,027.39… → $10.27.
    let yearToDate = d(0);
    for (const day of monthDays("2026-06").days) yearToDate = yearToDate.plus(annualFeeOf(FLAT, 10_000_000n).times(chargedShare(day, waivers)));
    expect(monthBill(2026, yearToDate, 0n)).toBe(1_027n);
  });

  it("bills nothing for a month with no value", () => {
    expect(monthBill(2026, d(0), 0n)).toBe(0n);
    expect(annualFeeOf(FLAT, 0n).toString()).toBe("0");
    expect(annualFeeOf(FLAT, -500n).toString()).toBe("0");
  });

  it("knows each month's days and names the entry", () => {
    expect(monthDays("2028-02").days).toHaveLength(29);
    expect(monthDays("2026-02").last).toBe("2026-02-28");
    expect(feeMemo("2026-11")).toBe("Advisory fee for November 2026");
    expect(dailyAccrual(d(25_000), "2025-03-01").toString()).toBe("68.4931506849");
  });
});

describe("tiers", () => {
  it("charges each band's rate on the part of the balance inside it", () => {
    expect(annualFeeOf(TIERED, 10_000_000n).toString()).toBe("25000"); // $100,000 all in the first band: $250
    expect(annualFeeOf(TIERED, 10_000_100n).toString()).toBe("25000.15"); // $1 over: that dollar at 0.15 %
    expect(annualFeeOf(TIERED, 100_000_000n).toString()).toBe("160000"); // $250 + $900,000 × 0.15 % = $1,600
    expect(annualFeeOf(TIERED, 200_000_000n).toString()).toBe("260000"); // + $1,000,000 × 0.10 % = $2,600
    expect(blendedRate(TIERED, 200_000_000n).toString()).toBe("0.0013");
    expect(tierOf(TIERED, 10_000_000n)).toBe(0);
    expect(tierOf(TIERED, 10_000_001n)).toBe(1);
    expect(tierOf(TIERED, 0n)).toBe(0);
  });

  it("shares the household's fee among its accounts by value", () => {
    // Household $200,000 (fee $400 a year): an account with $50,000 of it pays a quarter, $100.
    expect(accountAnnualFee(TIERED, 5_000_000n, 20_000_000n).toString()).toBe("10000");
    expect(accountAnnualFee(TIERED, 20_000_000n, 20_000_000n).toString()).toBe("40000");
    expect(accountAnnualFee(TIERED, 0n, 20_000_000n).toString()).toBe("0");
  });

  it("refuses bands that do not start at $0, do not rise, or charge more than 2 %", () => {
    expect(validTiers(TIERED)).toBeNull();
    expect(validTiers([])).toMatch(/at least one/);
    expect(validTiers([{ from: 100n, annualRate: d("0.0025") }])).toMatch(/starts at \$0/);
    expect(validTiers([...TIERED, { from: 50n, annualRate: d("0.001") }])).toMatch(/above/);
    expect(validTiers([{ from: 0n, annualRate: d("0.25") }])).toMatch(/2 %/);
  });
});
