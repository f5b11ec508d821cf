import { describe, expect, it } from "vitest";
import { formatMoney, parseMoney } from "./money";

describe("parseMoney", () => {
  it("reads dollars and cents exactly", () => {
    expect(parseMoney("500")).toBe(50_000n);
    expect(parseMoney("500.5")).toBe(50_050n);
    expect(parseMoney("$1,234.56")).toBe(123_456n);
    expect(parseMoney(" 0.07 ")).toBe(7n);
    expect(parseMoney("100000.00")).toBe(10_000_000n);
  });

  it("refuses fractional cents, signs, exponents and words", () => {
    for (const bad of ["10.001", "-5", "1e3", "ten", "", ".", "1.2.3", "0x10", "12,34", "NaN", "Infinity"]) {
      expect(parseMoney(bad), bad).toBeNull();
    }
  });

  it("stays exact far beyond what a float can hold", () => {
    expect(parseMoney("123456789012345.67")).toBe(12_345_678_901_234_567n);
  });
});

describe("formatMoney", () => {
  it("writes minor units as dollars", () => {
    expect(formatMoney(50_000n)).toBe("$500.00");
    expect(formatMoney(7n)).toBe("$0.07");
    expect(formatMoney(123_456_789n)).toBe("$1,234,567.89");
    expect(formatMoney(-2_500n)).toBe("-$25.00");
    expect(formatMoney(0n)).toBe("$0.00");
  });
});

describe("toDecimalString", () => {
  it("writes cents as an exact decimal string", async () => {
    const { toDecimalString } = await import("./money");
    expect(toDecimalString(50_000n)).toBe("500.00");
    expect(toDecimalString(-12_345n)).toBe("-123.45");
    expect(toDecimalString(7n)).toBe("0.07");
  });
});
