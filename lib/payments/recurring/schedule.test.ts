import { describe, expect, it } from "vitest";
import { calendarDate, describeDate, describeRule, firstPeriod, isoDate, newYorkDate, periodAfter, retryAtOf, runAtOf, type ScheduleRule } from "./schedule";

/** The first `count` periods of a rule set up at `now`. */
function periods(rule: ScheduleRule, now: string, count: number): string[] {
  const dates = [firstPeriod(rule, new Date(now))];
  while (dates.length < count) dates.push(periodAfter(rule, dates.at(-1)!));
  return dates.map(isoDate);
}

describe("recurring deposit dates (hand-computed on the 2026–2028 calendars)", () => {
  // 2026-12-02 is a Wednesday; 15:00 UTC is 10:00 in New York.
  const wednesdayMorning = "2026-12-02T15:00:00Z";

  it("weekly on Friday: the coming Friday, then every 7 days", () => {
    expect(periods({ frequency: "WEEKLY", weekday: 5 }, wednesdayMorning, 4)).toEqual(["2026-12-04", "2026-12-11", "2026-12-18", "2026-12-25"]);
  });

  it("weekly on the weekday it is today starts next week, never today", () => {
    expect(periods({ frequency: "WEEKLY", weekday: 3 }, wednesdayMorning, 2)).toEqual(["2026-12-09", "2026-12-16"]);
  });

  it("every other Friday: 14 days apart, across the new year", () => {
    expect(periods({ frequency: "BIWEEKLY", weekday: 5 }, wednesdayMorning, 3)).toEqual(["2026-12-04", "2026-12-18", "2027-01-01"]);
  });

  it("'tomorrow' is New York's: 22:00 on Wednesday in New York is already Thursday in UTC", () => {
    expect(isoDate(newYorkDate(new Date("2026-12-03T03:00:00Z")))).toBe("2026-12-02");
    expect(periods({ frequency: "WEEKLY", weekday: 4 }, "2026-12-03T03:00:00Z", 1)).toEqual(["2026-12-03"]);
    expect(periods({ frequency: "WEEKLY", weekday: 4 }, "2026-12-03T05:30:00Z", 1)).toEqual(["2026-12-10"]);
  });

  it("monthly on the 31st: the last day of shorter months, then back to the 31st", () => {
    expect(periods({ frequency: "MONTHLY", dayOfMonth: 31 }, "2027-01-15T15:00:00Z", 4)).toEqual(["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]);
  });

  it("monthly on the last day in a leap year: February 29", () => {
    expect(periods({ frequency: "MONTHLY", dayOfMonth: 31 }, "2028-01-20T15:00:00Z", 3)).toEqual(["2028-01-31", "2028-02-29", "2028-03-31"]);
  });

  it("monthly on the 30th gives February's last day and March 30", () => {
    expect(periods({ frequency: "MONTHLY", dayOfMonth: 30 }, "2027-01-02T15:00:00Z", 3)).toEqual(["2027-01-30", "2027-02-28", "2027-03-30"]);
  });

  it("monthly on a day already past (or today) this month starts next month, over the year's end", () => {
    expect(periods({ frequency: "MONTHLY", dayOfMonth: 2 }, wednesdayMorning, 2)).toEqual(["2027-01-02", "2027-02-02"]);
    expect(periods({ frequency: "MONTHLY", dayOfMonth: 5 }, "2026-12-20T15:00:00Z", 2)).toEqual(["2027-01-05", "2027-02-05"]);
  });

  it("a debit starts at 10:00 New York time on both sides of a daylight-saving change", () => {
    // Summer time ended on Sunday 1 November 2026 and began on Sunday 8 March 2026.
    expect(runAtOf(calendarDate(2026, 10, 30)).toISOString()).toBe("2026-10-30T14:00:00.000Z");
    expect(runAtOf(calendarDate(2026, 11, 6)).toISOString()).toBe("2026-11-06T15:00:00.000Z");
    expect(runAtOf(calendarDate(2026, 3, 6)).toISOString()).toBe("2026-03-06T15:00:00.000Z");
    expect(runAtOf(calendarDate(2026, 3, 13)).toISOString()).toBe("2026-03-13T14:00:00.000Z");
  });

  it("time-scaled: a day lasts N seconds from the anchor, and the retry waits three of them", () => {
    const scale = { secondsPerDay: 2, anchorAt: new Date(wednesdayMorning), anchorDate: calendarDate(2026, 12, 2) };
    expect(runAtOf(calendarDate(2026, 12, 4), scale).toISOString()).toBe("2026-12-02T15:00:04.000Z");
    expect(runAtOf(calendarDate(2026, 12, 11), scale).toISOString()).toBe("2026-12-02T15:00:18.000Z");
    expect(retryAtOf(calendarDate(2026, 12, 4), scale).toISOString()).toBe("2026-12-02T15:00:10.000Z");
    // Three days after Friday 30 October 2026 is Monday 2 November, after summer time ended: 10:00 is 15:00 UTC.
    expect(retryAtOf(calendarDate(2026, 10, 30)).toISOString()).toBe("2026-11-02T15:00:00.000Z");
  });

  it("says the rule and the date the way the investor reads them", () => {
    expect(describeRule({ frequency: "BIWEEKLY", weekday: 5 })).toBe("every other Friday");
    expect(describeRule({ frequency: "WEEKLY", weekday: 1 })).toBe("every Monday");
    expect(describeRule({ frequency: "MONTHLY", dayOfMonth: 31 })).toBe("monthly on the last day");
    expect(describeRule({ frequency: "MONTHLY", dayOfMonth: 22 })).toBe("monthly on the 22nd");
    expect(describeRule({ frequency: "MONTHLY", dayOfMonth: 11 })).toBe("monthly on the 11th");
    expect(describeDate(calendarDate(2026, 12, 4))).toBe("Friday, December 4, 2026");
  });
});
