import { describe, expect, it } from "vitest";
import { parsePriceCsv } from "./csv";

const today = "2026-11-21";

describe("parsePriceCsv", () => {
  it("reads Alpha Vantage's columns", () => {
    const text = "date,1. open,2. high,3. low,4. close,5. volume\n2024-11-07,97.96,98.54,97.9,98.33,17402306.0\n2024-11-08,98.48,98.715,98.3748,98.5,6199838.0\n";
    const { bars, problems } = parsePriceCsv(text, { today });
    expect(problems).toEqual([]);
    expect(bars.map((b) => [b.date, b.open.toString(), b.high.toString(), b.low.toString(), b.close.toString(), b.volume])).toEqual([
      ["2024-11-07", "97.96", "98.54", "97.9", "98.33", 17_402_306n],
      ["2024-11-08", "98.48", "98.715", "98.3748", "98.5", 6_199_838n],
    ]);
  });

  it("reads Yahoo's columns in another order, with an adjusted close, newest first, and US dates", () => {
    const text = 'Date,Close,Adj Close,High,Low,Open,Volume\n"11/08/2024",98.5,97.1,98.715,98.3748,98.48,6199838\n11/7/2024,98.33,96.9,98.54,97.9,97.96,17402306\n';
    const { bars, problems } = parsePriceCsv(text, { today });
    expect(problems).toEqual([]);
    expect(bars.map((b) => [b.date, b.close.toString()])).toEqual([
      ["2024-11-07", "98.33"],
      ["2024-11-08", "98.5"],
    ]);
  });

  it("reports each bad line with its number and keeps the rest", () => {
    const text = [
      "Date,Open,High,Low,Close,Volume",
      "2024-11-04,10,11,9,10.5,100",
      "2024-11-05,10,11,9", // too few fields
      "yesterday,10,11,9,10.5,100",
      "2024-11-06,0,11,9,10.5,100",
      "2024-11-07,10,9,8,10.5,100", // high below the close
      "2024-11-04,10,11,9,10.5,100", // duplicate
      "2099-01-02,10,11,9,10.5,100", // future
      "2024-11-08,10,11,9,abc,100",
      "2024-11-11,10,11,9,10.25,1e3",
      "2024-11-12,10,11,9,10.75,200",
    ].join("\n");
    const { bars, problems } = parsePriceCsv(text, { today });
    expect(bars.map((b) => b.date)).toEqual(["2024-11-04", "2024-11-12"]);
    expect(problems).toEqual([
      { line: 3, message: "expected 6 fields, found 4" },
      { line: 4, message: '"yesterday" is not a date' },
      { line: 5, message: "a price is missing, zero, negative or not a number" },
      { line: 6, message: "the high and low do not contain the open and close" },
      { line: 7, message: "2024-11-04 appears twice" },
      { line: 8, message: "2099-01-02 is in the future" },
      { line: 9, message: "a price is missing, zero, negative or not a number" },
      { line: 10, message: '"1e3" is not a volume' },
    ]);
  });

  it("refuses a file without the columns it needs, and reads a symbol column", () => {
    expect(parsePriceCsv("Date,Price\n2024-11-04,10", { today }).problems).toEqual([{ line: 1, message: "the header has no open, high, low, close column" }]);
    expect(parsePriceCsv("Ticker,Date,Open,High,Low,Close\nvti,2024-11-04,10,11,9,10.5", { today }).symbol).toBe("VTI");
  });

  it("keeps Alpha Vantage's adjusted close and dividend amount (a zero dividend is no dividend)", () => {
    const text = "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n2024-12-23,98.1,98.4,97.9,98.2,97.5,1000,0.0000,1.0\n2024-12-24,98.2,98.6,98.0,98.5,98.5,1000,0.3105,1.0\n";
    const { bars, problems } = parsePriceCsv(text, { today });
    expect(problems).toEqual([]);
    expect(bars.map((b) => [b.date, b.adjClose?.toString(), b.dividend?.toString()])).toEqual([
      ["2024-12-23", "97.5", undefined],
      ["2024-12-24", "98.5", "0.3105"],
    ]);
  });
});
