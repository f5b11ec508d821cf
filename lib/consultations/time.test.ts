import { describe, expect, it } from "vitest";
import { formatMoment, formatSlot, parseWallTime, wallTimeOf, zoneLabel } from "./time";

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

  it("read a wall time in the advisor's zone as the instant it names there", () => {
    // Tokyo is UTC+9 all year: 10:00 there is 01:00 UTC.
    expect(parseWallTime("2026-11-23T10:00", "Asia/Tokyo")?.toISOString()).toBe("2026-11-23T01:00:00.000Z");
    // New York in winter is UTC-5, in summer UTC-4.
    expect(parseWallTime("2026-11-23T10:00", "America/New_York")?.toISOString()).toBe("2026-11-23T15:00:00.000Z");
    expect(parseWallTime("2026-07-01T10:00", "America/New_York")?.toISOString()).toBe("2026-07-01T14:00:00.000Z");
    // 8 March 2026, 02:30 does not happen in New York (02:00 jumps to 03:00).
    expect(parseWallTime("2026-03-08T02:30", "America/New_York")).toBeNull();
    // 1 November 2026, 01:30 happens twice; the first (still EDT, UTC-4) is taken.
    expect(parseWallTime("2026-11-01T01:30", "America/New_York")?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(wallTimeOf(new Date("2026-11-23T01:00:00Z"), "Asia/Tokyo")).toBe("2026-11-23T10:00");
    expect(wallTimeOf(new Date("2026-11-23T03:00:00Z"), "America/Los_Angeles")).toBe("2026-11-22T19:00");
  });

  it("show the date, the clock and the zone's name", () => {
    expect(formatMoment(new Date("2026-11-23T10:00:00Z"))).toBe("Mon, Nov 23, 2026, 10:00 UTC");
    expect(formatSlot({ startsAt: new Date("2026-11-23T00:00:00Z"), endsAt: new Date("2026-11-23T00:30:00Z") })).toBe("Mon, Nov 23, 2026, 00:00–00:30 UTC");
    expect(formatSlot({ startsAt: new Date("2026-11-23T23:30:00Z"), endsAt: new Date("2026-11-24T00:30:00Z") })).toBe("Mon, Nov 23, 2026, 23:30–00:30 UTC");
  });

  it("show one slot at each viewer's own clock", () => {
    const slot = { startsAt: new Date("2026-11-23T01:00:00Z"), endsAt: new Date("2026-11-23T01:30:00Z") };
    expect(formatSlot(slot, { locale: "en-US", timeZone: "Asia/Tokyo" })).toBe("Mon, Nov 23, 2026, 10:00–10:30 GMT+9");
    expect(formatSlot(slot, { locale: "en-US", timeZone: "America/Los_Angeles" })).toBe("Sun, Nov 22, 2026, 17:00–17:30 PST");
    expect(zoneLabel("Etc/UTC")).toBe("UTC");
    expect(zoneLabel("Asia/Tokyo")).toBe("Asia/Tokyo");
  });
});
