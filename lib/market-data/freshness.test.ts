import { describe, expect, it } from "vitest";
import { isStale, priceFreshness } from "./freshness";

// Friday, Nov 20, 2026: the NYSE is open 14:30–21:00 UTC.
const FRIDAY_NOON_NY = new Date("2026-11-20T17:00:00Z");
const SATURDAY = new Date("2026-11-21T17:00:00Z");
const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000);

describe("stale prices", () => {
  it("are over 15 minutes old while the market is open", () => {
    expect(isStale(minutesBefore(FRIDAY_NOON_NY, 16), FRIDAY_NOON_NY)).toBe(true);
    expect(isStale(minutesBefore(FRIDAY_NOON_NY, 15), FRIDAY_NOON_NY)).toBe(false);
  });

  it("are never stale while the market is shut: Friday's close is the latest price there is", () => {
    expect(isStale(new Date("2026-11-20T21:00:00Z"), SATURDAY)).toBe(false);
  });

  it("say when they were taken, and nothing when there are none", () => {
    const asOf = minutesBefore(FRIDAY_NOON_NY, 30);
    expect(priceFreshness(asOf, FRIDAY_NOON_NY)).toEqual({ asOf, stale: true });
    expect(priceFreshness(null, FRIDAY_NOON_NY)).toEqual({ asOf: null, stale: false });
  });
});
