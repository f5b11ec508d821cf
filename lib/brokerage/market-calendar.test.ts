import { describe, expect, it } from "vitest";
import { holidays, lastSessionAtOrBefore, marketClock, sessionOn } from "./market-calendar";

const at = (iso: string) => new Date(iso);

describe("the NYSE calendar", () => {
  it("knows 2025's holidays, with weekend ones observed", () => {
    expect([...holidays(2025)].sort()).toEqual([
      "2025-01-01", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19",
      "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25",
    ]);
    // 2026: July 4 is a Saturday → observed Friday July 3.
    expect(holidays(2026).has("2026-07-03")).toBe(true);
    // 2022: New Year's Day was a Saturday and was not observed on Friday Dec 31, 2021.
    expect(holidays(2021).has("2021-12-31")).toBe(false);
  });

  it("opens at 9:30 and closes at 16:00 New York time, in winter and in summer", () => {
    expect(sessionOn({ year: 2025, month: 1, day: 6 })).toEqual({ open: at("2025-01-06T14:30:00Z"), close: at("2025-01-06T21:00:00Z") });
    expect(sessionOn({ year: 2025, month: 7, day: 7 })).toEqual({ open: at("2025-07-07T13:30:00Z"), close: at("2025-07-07T20:00:00Z") });
  });

  it("closes early the day after Thanksgiving", () => {
    expect(sessionOn({ year: 2026, month: 11, day: 27 })?.close).toEqual(at("2026-11-27T18:00:00Z"));
  });

  it("is open mid-session, and closed before the open, after the close, at weekends and on holidays", () => {
    expect(marketClock(at("2025-01-06T15:00:00Z"))).toEqual({
      isOpen: true,
      nextClose: at("2025-01-06T21:00:00Z"),
      nextOpen: at("2025-01-07T14:30:00Z"),
    });
    expect(marketClock(at("2025-01-06T14:29:59Z")).isOpen).toBe(false);
    expect(marketClock(at("2025-01-06T21:00:00Z")).isOpen).toBe(false);
    // Friday evening → Monday morning
    expect(marketClock(at("2025-01-10T22:00:00Z")).nextOpen).toEqual(at("2025-01-13T14:30:00Z"));
    // Saturday of Thanksgiving week 2026 → Monday Nov 30
    expect(marketClock(at("2026-11-28T15:00:00Z"))).toMatchObject({ isOpen: false, nextOpen: at("2026-11-30T14:30:00Z") });
    // Christmas Day → the 26th
    expect(marketClock(at("2025-12-25T16:00:00Z"))).toMatchObject({ isOpen: false, nextOpen: at("2025-12-26T14:30:00Z") });
  });
});

describe("the last session that opened at or before an instant", () => {
  const session = (iso: string) => {
    const found = lastSessionAtOrBefore(new Date(iso));
    return found && [found.open.toISOString(), found.close.toISOString()];
  };

  it("is the one in progress while the market is open, and the one that just closed after it", () => {
    expect(session("2026-11-20T15:00:00Z")).toEqual(["2026-11-20T14:30:00.000Z", "2026-11-20T21:00:00.000Z"]); // Fri 10:00 ET
    expect(session("2026-11-20T14:30:00Z")).toEqual(["2026-11-20T14:30:00.000Z", "2026-11-20T21:00:00.000Z"]); // the open itself
    expect(session("2026-11-20T23:00:00Z")).toEqual(["2026-11-20T14:30:00.000Z", "2026-11-20T21:00:00.000Z"]);
  });

  it("reaches back over a weekend and a holiday, and knows an early close", () => {
    expect(session("2026-11-23T14:29:00Z")).toEqual(["2026-11-20T14:30:00.000Z", "2026-11-20T21:00:00.000Z"]); // Mon before the open
    // Thanksgiving (Thu, Nov 26) is shut; the Friday after closes at 13:00 ET.
    expect(session("2026-11-26T20:00:00Z")).toEqual(["2026-11-25T14:30:00.000Z", "2026-11-25T21:00:00.000Z"]);
    expect(session("2026-11-28T12:00:00Z")).toEqual(["2026-11-27T14:30:00.000Z", "2026-11-27T18:00:00.000Z"]);
  });
});
