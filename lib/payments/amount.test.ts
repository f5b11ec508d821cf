import { describe, expect, it } from "vitest";
import { InvalidInput } from "../errors";
import { parseDepositAmount } from "./amount";

const messageFor = (input: unknown) => {
  try {
    parseDepositAmount(input);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInput);
    return (error as InvalidInput).fields.amount;
  }
};

describe("parseDepositAmount", () => {
  it("accepts $10 to $100,000 in dollars and cents", () => {
    expect(parseDepositAmount("10")).toBe(1_000n);
    expect(parseDepositAmount("500.00")).toBe(50_000n);
    expect(parseDepositAmount("$1,250.75")).toBe(125_075n);
    expect(parseDepositAmount("100000")).toBe(10_000_000n);
  });

  it("refuses amounts outside the limits, to the cent", () => {
    expect(messageFor("9.99")).toBe("Deposits are between $10.00 and $100,000.00.");
    expect(messageFor("100000.01")).toBe("Deposits are between $10.00 and $100,000.00.");
  });

  it("refuses fractional cents, words, negatives and non-strings", () => {
    for (const bad of ["10.005", "ten", "-50", "", "1e3", null, undefined, {}, ["50"]]) {
      expect(messageFor(bad), String(bad)).toBe("Enter an amount in dollars and cents, like 500 or 500.00.");
    }
  });
});
