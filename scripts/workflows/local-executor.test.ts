import { describe, expect, it } from "vitest";
import { cronDue, waitMs } from "./local-executor";

describe("the local executor's timing", () => {
  it("reads Inngest durations and ISO dates", () => {
    expect(waitMs("30s")).toBe(30_000);
    expect(waitMs("2h30m")).toBe(9_000_000);
    expect(waitMs("1d")).toBe(86_400_000);
    expect(waitMs("2026-11-23T14:30:00.000Z", Date.parse("2026-11-23T14:00:00Z"))).toBe(1_800_000);
    expect(waitMs("2020-01-01T00:00:00.000Z")).toBe(0);
  });

  it("fires cron schedules on the minutes they name", () => {
    const at = new Date("2026-11-23T14:30:00Z"); // a Monday
    expect(cronDue("* * * * *", at)).toBe(true);
    expect(cronDue("*/10 * * * *", at)).toBe(true);
    expect(cronDue("*/7 * * * *", at)).toBe(false);
    expect(cronDue("30 14 * * 1", at)).toBe(true);
    expect(cronDue("0 6 * * *", at)).toBe(false);
  });
});
