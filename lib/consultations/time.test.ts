import { describe, expect, it } from "vitest";
import { formatMoment, formatSlot, parseWallTime, wallTimeOf } from "./time";

describe("consultation times", () => {
  it("read a datetime-local value as UTC, and only a real moment", () => {
    expect(parseWallTime("2026-11-23T10:00")?.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(parseWallTime("2026-11-23T10:00:30")?.toISOString()).toBe("2026-11-23T10:00:30.000Z");
    expect(parseWallTime("2028-02-29T23:45")?.toISOString()).toBe("2028-02-29T23:45:00.000Z");
    for (const bad of ["2027-02-29T10:00", "2026-11-23T24:00", "2026-11-23 10:00", "2026-11-23T10:00Z", "0050-01-01T10:00", ""]) {
      expect(parseWallTime(bad)).toBeNull();
    }
    expect(wallTimeOf(new Date("2026-11-23T10:05:59.999Z"))).toBe("2026-11-23T10:05");
  });

  it("show the date, the clock and the zone's name", () => {
    expect(formatMoment(new Date("2026-11-23T10:00:00Z"))).toBe("Mon, Nov 23, 2026, 10:00 UTC");
    expect(formatSlot({ startsAt: new Date("2026-11-23T00:00:00Z"), endsAt: new Date("2026-11-23T00:30:00Z") })).toBe("Mon, Nov 23, 2026, 00:00–00:30 UTC");
    expect(formatSlot({ startsAt: new Date("2026-11-23T23:30:00Z"), endsAt: new Date("2026-11-24T00:30:00Z") })).toBe("Mon, Nov 23, 2026, 23:30–00:30 UTC");
  });
});
