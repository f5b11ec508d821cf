import { describe, expect, it } from "vitest";
import { settlementOf } from "../brokerage/market-calendar";
import { InvalidInput } from "../errors";
import { approvalReason, assertWithinAvailable, availableToWithdraw, canMove, isCancellable, parseWithdrawalAmount } from "./withdrawal-rules";

const at = (iso: string) => new Date(iso);

describe("what is available to withdraw", () => {
  it("is cash and sellable value, less debt and what other open withdrawals still need beyond what they hold", () => {
    // $1,000 cash + $9,000 of funds = $10,000; owes $150; another withdrawal of $2,000 holds $500 → needs $1,500 more.
    expect(availableToWithdraw({ cashAndSellable: 1_000_000n, debt: 15_000n, open: [{ requestedAmount: 200_000n, everything: false, heldAmount: 50_000n }] })).toBe(
      1_000_000n - 15_000n - 150_000n,
    );
  });

  it("is nothing while a withdrawal of everything is open, and never negative", () => {
    expect(availableToWithdraw({ cashAndSellable: 1_000_000n, debt: 0n, open: [{ requestedAmount: null, everything: true, heldAmount: 0n }] })).toBe(0n);
    expect(availableToWithdraw({ cashAndSellable: 10_000n, debt: 50_000n, open: [] })).toBe(0n);
  });
});

describe("the amount typed", () => {
  const message = (input: unknown) => {
    try {
      parseWithdrawalAmount(input);
      return null;
    } catch (error) {
      return error instanceof InvalidInput ? error.fields.amount : String(error);
    }
  };

  it("takes dollars and cents, or everything", () => {
    expect(parseWithdrawalAmount("1,250.50")).toBe(125_050n);
    expect(parseWithdrawalAmount("$40")).toBe(4_000n);
    expect(parseWithdrawalAmount("everything")).toBe("everything");
  });

  it("refuses zero, negative amounts, a fraction of a cent and words, each with its own message", () => {
    expect(message("0")).toBe("Enter an amount above $0.00.");
    expect(message("0.00")).toBe("Enter an amount above $0.00.");
    expect(message("-5")).toBe("Enter an amount above $0.00.");
    expect(message("10.005")).toBe("Amounts are in whole cents: at most two digits after the point.");
    expect(message("ten")).toMatch(/dollars and cents/);
  });

  it("refuses more than is available, naming what is", () => {
    expect(() => assertWithinAvailable(100_001n, 100_000n, "USD")).toThrow(InvalidInput);
    try {
      assertWithinAvailable(100_001n, 100_000n, "USD");
    } catch (error) {
      expect((error as InvalidInput).fields.amount).toBe("You can withdraw up to $1,000.00.");
    }
    expect(() => assertWithinAvailable(100_000n, 100_000n, "USD")).not.toThrow();
    expect(() => assertWithinAvailable("everything", 0n, "USD")).toThrow(/nothing available/);
  });
});

describe("states", () => {
  it("goes forward only, and can be cancelled only before selling starts", () => {
    expect(canMove("REQUESTED", "SELLING")).toBe(true);
    expect(canMove("SELLING", "SETTLING")).toBe(true);
    expect(canMove("SETTLING", "PAYING")).toBe(true);
    expect(canMove("PAYING", "PAID")).toBe(true);
    expect(canMove("PAID", "RETURNED")).toBe(true);
    expect(canMove("PAID", "FAILED")).toBe(false);
    expect(canMove("SETTLING", "SELLING")).toBe(false);
    expect(canMove("AWAITING_APPROVAL", "SELLING")).toBe(false);
    expect(["AWAITING_APPROVAL", "REQUESTED", "SELLING", "SETTLING", "PAYING", "PAID"].filter((s) => isCancellable(s as never))).toEqual(["AWAITING_APPROVAL", "REQUESTED"]);
  });
});

describe("approval", () => {
  const base = { amount: 100_000n, limit: 2_500_000n, earlierToThisBank: 0, currency: "USD", now: at("2026-12-10T12:00:00Z") };

  it("waits for an advisor on the first withdrawal to a bank linked under seven days ago", () => {
    expect(approvalReason({ ...base, bankLinkedAt: at("2026-12-04T12:00:01Z") })).toBe("the first withdrawal to a bank linked less than 7 days ago");
    expect(approvalReason({ ...base, bankLinkedAt: at("2026-12-03T12:00:00Z") })).toBeNull(); // exactly 7 days
    expect(approvalReason({ ...base, bankLinkedAt: at("2026-12-09T12:00:00Z"), earlierToThisBank: 1 })).toBeNull();
  });

  it("waits above the admin's limit, not at it", () => {
    const old = at("2026-01-01T00:00:00Z");
    expect(approvalReason({ ...base, bankLinkedAt: old, amount: 2_500_000n })).toBeNull();
    expect(approvalReason({ ...base, bankLinkedAt: old, amount: 2_500_001n })).toBe("above the $25,000.00 limit");
  });
});

describe("settlement (T+1 on the NYSE calendar)", () => {
  it("is the next trading day's open, New York time", () => {
    // Tuesday 1 Dec 2026, 15:00 New York (20:00Z) → Wednesday 2 Dec 09:30 New York = 14:30Z (EST, UTC−5).
    expect(settlementOf(at("2026-12-01T20:00:00Z"))).toEqual(at("2026-12-02T14:30:00Z"));
    // Friday 4 Dec → Monday 7 Dec.
    expect(settlementOf(at("2026-12-04T15:00:00Z"))).toEqual(at("2026-12-07T14:30:00Z"));
    // Wednesday 25 Nov 2026 (before Thanksgiving, Thu 26) → Friday 27 Nov.
    expect(settlementOf(at("2026-11-25T16:00:00Z"))).toEqual(at("2026-11-27T14:30:00Z"));
    // Thursday 24 Dec 2026 (early close) → Christmas Friday is a holiday, weekend → Monday 28 Dec.
    expect(settlementOf(at("2026-12-24T16:00:00Z"))).toEqual(at("2026-12-28T14:30:00Z"));
    // Summer time: Friday 2 Jul 2026 → Friday 3 Jul is the observed Independence Day → Monday 6 Jul 09:30 EDT = 13:30Z.
    expect(settlementOf(at("2026-07-02T15:00:00Z"))).toEqual(at("2026-07-06T13:30:00Z"));
    // 00:30Z on Wednesday 2 Dec is still Tuesday 1 Dec in New York → Wednesday's open.
    expect(settlementOf(at("2026-12-02T00:30:00Z"))).toEqual(at("2026-12-02T14:30:00Z"));
  });
});
