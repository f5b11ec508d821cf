import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { ACTIVITY_CSV_HEADER, activityCsvLine, type ActivityExportRow } from "./activity-csv";

const row = (over: Partial<ActivityExportRow>): ActivityExportRow => ({
  id: "entry:1",
  at: new Date("2026-11-23T14:30:05.123Z"),
  kind: "DEPOSIT",
  description: "Deposit",
  amount: 25_000n,
  symbol: null,
  quantity: null,
  price: null,
  fee: null,
  cashBalance: 25_000n,
  ...over,
});

describe("activity CSV", () => {
  it("has a header of structured columns", () => {
    expect(ACTIVITY_CSV_HEADER).toBe("date,type,symbol,quantity,price,amount,fees,cash_balance,currency,description");
  });

  it("writes a deposit, a buy, a sale, a fee and a dividend as exact strings", () => {
    expect(activityCsvLine(row({}), "USD")).toBe("2026-11-23T14:30:05.123Z,deposit,,,,250.00,,250.00,USD,Deposit");
    // 0.123456 shares at 290.12 for $35.82, paid from held cash (available cash did not move).
    const buy = row({ kind: "TRADE", description: "Bought 0.123456 VTI at $290.12", amount: -3_582n, symbol: "VTI", quantity: new Decimal("0.123456"), price: new Decimal("290.12"), fee: 0n, cashBalance: null });
    expect(activityCsvLine(buy, "USD")).toBe("2026-11-23T14:30:05.123Z,trade,VTI,0.123456,290.120000,-35.82,0.00,,USD,Bought 0.123456 VTI at $290.12");
    const sale = row({ kind: "TRADE", description: "Sold 2 BND", amount: 14_502n, symbol: "BND", quantity: new Decimal(-2), price: new Decimal("72.51"), fee: 0n, cashBalance: 39_502n });
    expect(activityCsvLine(sale, "USD")).toBe("2026-11-23T14:30:05.123Z,trade,BND,-2.000000,72.510000,145.02,0.00,395.02,USD,Sold 2 BND");
    const fee = row({ kind: "FEE", description: "Advisory fee, November 2026", amount: -83n, fee: 83n, cashBalance: 39_419n });
    expect(activityCsvLine(fee, "USD")).toBe('2026-11-23T14:30:05.123Z,fee,,,,-0.83,0.83,394.19,USD,"Advisory fee, November 2026"');
    const dividend = row({ kind: "DIVIDEND", description: "Dividend", amount: 7n, symbol: "VTI", cashBalance: 39_426n });
    expect(activityCsvLine(dividend, "USD")).toBe("2026-11-23T14:30:05.123Z,dividend,VTI,,,0.07,,394.26,USD,Dividend");
  });

  it("quotes per RFC 4180 and defuses texts a spreadsheet would run as formulas", () => {
    const line = activityCsvLine(row({ description: '=HYPERLINK("http://x", "click")' }), "USD");
    expect(line).toBe(`2026-11-23T14:30:05.123Z,deposit,,,,250.00,,250.00,USD,"'=HYPERLINK(""http://x"", ""click"")"`);
    for (const start of ["+", "-", "@"]) expect(activityCsvLine(row({ description: `${start}1+2` }), "USD").endsWith(`,'${start}1+2`)).toBe(true);
    expect(activityCsvLine(row({ description: "Two\r\nlines" }), "USD").endsWith(',"Two\r\nlines"')).toBe(true);
    // A negative amount is a number, not a formula: left as it is.
    expect(activityCsvLine(row({ amount: -1_250n }), "USD")).toContain(",-12.50,");
  });
});
