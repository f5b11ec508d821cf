import { describe, expect, it } from "vitest";
import { InvalidCron, parseCron } from "./cron";

const next = (expression: string, after: string) => parseCron(expression).nextAfter(new Date(after)).toISOString();

describe("cron schedules as Inngest reads them", () => {
  it("fires the weekday sweep on weekdays at 15:00 UTC, skipping the weekend", () => {
    expect(next("0 15 * * 1-5", "2026-11-23T14:59:00Z")).toBe("2026-11-23T15:00:00.000Z"); // Monday
    expect(next("0 15 * * 1-5", "2026-11-23T15:00:00Z")).toBe("2026-11-24T15:00:00.000Z");
    expect(next("0 15 * * 1-5", "2026-11-21T14:59:00Z")).toBe("2026-11-23T15:00:00.000Z"); // Saturday → Monday
  });

  it("reads steps, lists, names and descriptors", () => {
    expect(next("*/15 * * * *", "2026-11-21T10:07:00Z")).toBe("2026-11-21T10:15:00.000Z");
    expect(next("0 9 * * MON,WED,FRI", "2026-11-21T10:00:00Z")).toBe("2026-11-23T09:00:00.000Z");
    expect(next("0 0 1 JAN *", "2026-11-21T10:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
    expect(next("5/20 * * * *", "2026-11-21T10:06:00Z")).toBe("2026-11-21T10:25:00.000Z");
    expect(next("@hourly", "2026-11-21T10:06:00Z")).toBe("2026-11-21T11:00:00.000Z");
  });

  it("follows a TZ= prefix, daylight saving included", () => {
    expect(next("TZ=America/New_York 0 9 * * *", "2026-07-01T00:00:00Z")).toBe("2026-07-01T13:00:00.000Z");
    expect(next("TZ=America/New_York 0 9 * * *", "2026-12-01T00:00:00Z")).toBe("2026-12-01T14:00:00.000Z");
  });

  it("refuses what Inngest's parser refuses", () => {
    for (const expression of ["0 0 0 * * *", "61 * * * *", "0 0 L * *", "0 0 * * MON#2", "@every 5m", "TZ=Nowhere/Else 0 9 * * *", "often"]) {
      expect(() => parseCron(expression), expression).toThrow(InvalidCron);
    }
  });
});
