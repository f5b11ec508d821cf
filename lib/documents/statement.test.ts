import { describe, expect, it } from "vitest";
import {
  documentFileName,
  documentTitle,
  maskedAccount,
  monthName,
  monthPeriod,
  newYorkDate,
  previousMonth,
  realisedGains,
  reconciles,
  statementFigures,
  type BookedEntry,
} from "./statement";

const at = new Date("2026-11-10T15:00:00Z");
const entry = (kind: BookedEntry["kind"], amount: bigint): BookedEntry => ({ kind, at, memo: null, amount });

describe("a statement's figures", () => {
  it("a month with every kind of flow, worked by hand", () => {
    // Opening $10,000.00. In: deposits $500.00 + $250.00, a dividend $12.34. Out: a withdrawal of $1,000.00 (its hold
    // inside the account's own cash accounts nets to zero and is no entry here), fees $2.08. Trades move cash into
    // holdings: no flow. Closing $9,870.00.
    // Market change = 9,870.00 − 10,000.00 − 750.00 + 1,000.00 − 12.34 + 2.08 = 109.74.
    const figures = statementFigures({
      openingValue: 1_000_000n,
      closingValue: 987_000n,
      entries: [
        entry("DEPOSIT", 50_000n),
        entry("TRADE", -49_990n),
        entry("DEPOSIT", 25_000n),
        entry("DIVIDEND", 1_234n),
        entry("WITHDRAWAL", -100_000n),
        entry("FEE", -208n),
        entry("TRADE", 30_000n),
      ],
    });
    expect(figures).toEqual({
      openingValue: 1_000_000n,
      deposits: 75_000n,
      withdrawals: 100_000n,
      dividends: 1_234n,
      fees: 208n,
      adjustments: 0n,
      marketChange: 10_974n,
      closingValue: 987_000n,
    });
    expect(reconciles(figures)).toBe(true);
  });

  it("a month with no activity: zeros, and the whole change is the market's", () => {
    const figures = statementFigures({ openingValue: 250_000n, closingValue: 243_117n, entries: [] });
    expect(figures).toMatchObject({ deposits: 0n, withdrawals: 0n, dividends: 0n, fees: 0n, adjustments: 0n, marketChange: -6_883n });
    expect(reconciles(figures)).toBe(true);
  });

  it("refunds, disputes and a returned withdrawal: adjustments net, the withdrawal net of its return", () => {
    // A $300.00 deposit refunded in full (−300.00), a dispute of $50.00 lost (−50.00), then won back (a reversal, +50.00);
    // a withdrawal of $200.00 returned by the bank ($200.00 back, posted as a withdrawal entry): withdrawals net 0.
    const figures = statementFigures({
      openingValue: 0n,
      closingValue: 0n,
      entries: [
        entry("DEPOSIT", 30_000n),
        entry("REFUND", -30_000n),
        entry("DISPUTE", -5_000n),
        entry("REVERSAL", 5_000n),
        entry("WITHDRAWAL", -20_000n),
        entry("WITHDRAWAL", 20_000n),
      ],
    });
    expect(figures).toMatchObject({ deposits: 30_000n, withdrawals: 0n, adjustments: -30_000n, marketChange: 0n });
    expect(reconciles(figures)).toBe(true);
  });

  it("reconciles() notices figures that do not add up", () => {
    const figures = statementFigures({ openingValue: 100n, closingValue: 200n, entries: [entry("DEPOSIT", 100n)] });
    expect(reconciles(figures)).toBe(true);
    expect(reconciles({ ...figures, fees: 1n })).toBe(false);
  });
});

describe("realised gains", () => {
  it("split by holding term, losses netted", () => {
    const base = { soldAt: at, symbol: "VTI", quantity: "1", proceeds: 0n, basis: 0n };
    const gains = realisedGains([
      { ...base, gain: 494n, term: "SHORT" },
      { ...base, gain: -120n, term: "SHORT" },
      { ...base, gain: 1_000n, term: "LONG" },
    ]);
    expect(gains).toEqual({ shortTerm: 374n, longTerm: 1_000n, total: 1_374n });
  });
});

describe("dates, names and periods", () => {
  it("months have their real lengths, leap years included", () => {
    expect(monthPeriod("2026-11")).toEqual({ start: "2026-11-01", end: "2026-11-30" });
    expect(monthPeriod("2028-02")).toEqual({ start: "2028-02-01", end: "2028-02-29" });
    expect(monthPeriod("2027-02")).toEqual({ start: "2027-02-01", end: "2027-02-28" });
    expect(() => monthPeriod("2026-13")).toThrow(RangeError);
    expect(() => monthPeriod("2026-1")).toThrow(RangeError);
  });

  it("the month before, across a year end", () => {
    expect(previousMonth("2026-12-01")).toBe("2026-11");
    expect(previousMonth("2027-01-01")).toBe("2026-12");
  });

  it("New York dates: 02:00 UTC on 1 Dec is still 30 Nov in New York", () => {
    expect(newYorkDate(new Date("2026-12-01T02:00:00Z"))).toBe("Nov 30, 2026");
    expect(newYorkDate(new Date("2026-12-01T05:00:00Z"))).toBe("Dec 1, 2026");
  });

  it("names documents and their files", () => {
    expect(monthName("2026-11-01")).toBe("November 2026");
    expect(documentFileName("STATEMENT", "2026-11-01")).toBe("autovest-statement-2026-11.pdf");
    expect(documentFileName("TRADE_CONFIRMATION", "2026-11-23")).toBe("autovest-confirmation-2026-11-23.pdf");
    expect(documentTitle({ kind: "STATEMENT", periodStart: "2026-11-01", periodEnd: "2026-11-30", monthToDate: false })).toBe("November 2026 statement");
    expect(documentTitle({ kind: "STATEMENT", periodStart: "2026-12-01", periodEnd: "2026-12-02", monthToDate: true })).toBe(
      "December 2026 statement (month to 2 Dec 2026)",
    );
    expect(documentTitle({ kind: "TRADE_CONFIRMATION", periodStart: "2026-11-23", periodEnd: "2026-11-23", monthToDate: false })).toBe(
      "Trade confirmation, 23 Nov 2026",
    );
  });

  it("masks the account id to its last four characters", () => {
    expect(maskedAccount("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")).toBe("Account ••••4a5b");
  });
});
