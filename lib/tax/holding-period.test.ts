import { describe, expect, it } from "vitest";
import { holdingTerm, isLongTerm, longTermFrom, tradeDate } from "./holding-period";

const at = (iso: string) => new Date(iso);

describe("the IRS holding period: more than one year, counted from the day after the purchase", () => {
  it("follows Publication 550's own example: bought 5 Feb, the anniversary is short-term, the day after long-term", () => {
    expect(longTermFrom("2022-02-05")).toBe("2023-02-06");
    expect(holdingTerm(at("2022-02-05T15:00:00Z"), at("2023-02-05T15:00:00Z"))).toBe("short");
    expect(holdingTerm(at("2022-02-05T15:00:00Z"), at("2023-02-06T15:00:00Z"))).toBe("long");
  });

  it("bought 28 Feb the year before a leap year: selling on 29 Feb is still short-term, 1 Mar is long-term", () => {
    expect(longTermFrom("2023-02-28")).toBe("2024-03-01");
    expect(isLongTerm(at("2023-02-28T15:00:00Z"), at("2024-02-29T15:00:00Z"))).toBe(false);
    expect(isLongTerm(at("2023-02-28T15:00:00Z"), at("2024-03-01T15:00:00Z"))).toBe(true);
  });

  it("bought on 29 Feb, or on 28 Feb of a leap year: long-term from 1 Mar of the next year", () => {
    expect(longTermFrom("2024-02-29")).toBe("2025-03-01");
    expect(longTermFrom("2024-02-28")).toBe("2025-03-01");
    expect(isLongTerm(at("2024-02-29T15:00:00Z"), at("2025-02-28T20:00:00Z"))).toBe(false);
    expect(isLongTerm(at("2024-02-28T15:00:00Z"), at("2025-02-28T20:00:00Z"))).toBe(false);
    expect(longTermFrom("2024-02-27")).toBe("2025-02-28");
  });

  it("across a year end and at month ends", () => {
    expect(longTermFrom("2025-12-31")).toBe("2027-01-01");
    expect(longTermFrom("2025-01-31")).toBe("2026-02-01");
    expect(longTermFrom("2025-04-30")).toBe("2026-05-01");
    expect(longTermFrom("2025-12-30")).toBe("2026-12-31");
  });

  it("uses New York trade dates: an evening purchase in New York is already the next day in UTC", () => {
    // 21:30 New York on 5 Feb 2025 is 02:30 UTC on 6 Feb: the trade date is the 5th.
    expect(tradeDate(at("2025-02-06T02:30:00Z"))).toBe("2025-02-05");
    expect(isLongTerm(at("2025-02-06T02:30:00Z"), at("2026-02-06T15:00:00Z"))).toBe(true);
    // 365 × 24 hours after a purchase in a year with 29 Feb ends on the anniversary's eve: still short-term.
    expect(isLongTerm(at("2024-01-15T15:00:00Z"), at(new Date(Date.parse("2024-01-15T15:00:00Z") + 365 * 86_400_000).toISOString()))).toBe(false);
  });

  it("agrees with the month-counting rule (J.K. Lasser 5.9) for every purchase date of 2019–2028", () => {
    // Second method: the twelfth holding month ends on the anniversary, or, for a purchase on the last day of
    // a month, on the last day of that month a year later; long-term is any later sale date.
    const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const iso = (t: Date) => t.toISOString().slice(0, 10);
    for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const a = new Date(t);
      const [y, m, d] = [a.getUTCFullYear(), a.getUTCMonth(), a.getUTCDate()];
      const end = d === lastDay(y, m) ? new Date(Date.UTC(y + 1, m, lastDay(y + 1, m))) : new Date(Date.UTC(y + 1, m, d));
      expect(longTermFrom(iso(a))).toBe(iso(new Date(end.getTime() + 86_400_000)));
    }
  });

  it("refuses what is not a date", () => {
    expect(() => longTermFrom("2025-02-30")).toThrow(RangeError);
  });
});
