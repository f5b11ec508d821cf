import { describe, expect, it } from "vitest";
import { formatsFor, isTimeZone, localeFrom } from "./viewer-format";

describe("formatsFor", () => {
  const at = new Date("2026-03-15T03:00:00Z");

  it("shows a moment at 03:00 UTC on the previous day in Los Angeles", () => {
    const la = formatsFor({ locale: "en-US", timeZone: "America/Los_Angeles" });
    expect(la.date(at)).toBe("Mar 14, 2026");
    // 15 March 2026 is after the US switch to daylight time (8 March): UTC-7.
    expect(la.dateTime(at)).toBe("Mar 14, 2026, 8:00 PM PDT");
    expect(la.time(at)).toBe("8:00 PM PDT");
  });

  it("shows the same moment on its own day in UTC and Tokyo", () => {
    expect(formatsFor({ locale: "en-US", timeZone: "UTC" }).dateTime(at)).toBe("Mar 15, 2026, 3:00 AM UTC");
    expect(formatsFor({ locale: "en-US", timeZone: "Asia/Tokyo" }).dateTime(at)).toBe("Mar 15, 2026, 12:00 PM GMT+9");
  });

  it("writes the viewer's locale", () => {
    expect(formatsFor({ locale: "en-GB", timeZone: "Europe/London" }).date(at)).toBe("15 Mar 2026");
    expect(formatsFor({ locale: "de-DE", timeZone: "Europe/Berlin" }).preciseDateTime(at)).toBe("15.03.2026, 04:00:00 MEZ");
  });

  it("never shifts a calendar day, whatever the zone", () => {
    for (const timeZone of ["America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
      expect(formatsFor({ locale: "en-US", timeZone }).day("2026-03-01")).toBe("Mar 1, 2026");
    }
  });
});

describe("isTimeZone and localeFrom", () => {
  it("accepts IANA zones only", () => {
    expect(isTimeZone("Asia/Tokyo")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone(7)).toBe(false);
  });

  it("takes the first supported language of Accept-Language", () => {
    expect(localeFrom("xx-invalid-tag-!!, fr-CA;q=0.9, en;q=0.5")).toBe("fr-CA");
    expect(localeFrom(undefined)).toBe("en-US");
  });
});
