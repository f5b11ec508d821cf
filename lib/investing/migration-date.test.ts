import { describe, expect, it } from "vitest";
import { InvalidInput } from "../errors";
import { migrationStart } from "./migration-date";

const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof InvalidInput ? error.fields.migrateOn : String(error);
  }
  return null;
};

describe("migrationStart", () => {
  // 2 Dec 2026, 22:30 in New York (03:30 UTC on the 3rd): "today" is still the 2nd there.
  const now = new Date("2026-12-03T03:30:00Z");

  it("is null for now, and midnight in New York for a date", () => {
    expect(migrationStart("", now)).toBeNull();
    expect(migrationStart(undefined, now)).toBeNull();
    expect(migrationStart("2026-12-03", now)!.toISOString()).toBe("2026-12-03T05:00:00.000Z"); // EST, UTC−5
    expect(migrationStart("2027-03-15", new Date("2027-03-01T12:00:00Z"))!.toISOString()).toBe("2027-03-15T04:00:00.000Z"); // EDT from 14 March
  });

  it("refuses today, the past, more than 90 days ahead and what is not a date", () => {
    expect(fieldOf(() => migrationStart("2026-12-02", now))).toBe("Choose a date after today (New York time).");
    expect(fieldOf(() => migrationStart("2026-11-30", now))).toBe("Choose a date after today (New York time).");
    expect(fieldOf(() => migrationStart("2027-03-03", now))).toBe("Choose a date within 90 days."); // 2 Dec + 90 days = 2 Mar
    expect(migrationStart("2027-03-02", now)).not.toBeNull();
    expect(fieldOf(() => migrationStart("2027-02-30", now))).toBe("Enter a date, e.g. 2027-01-04.");
    expect(fieldOf(() => migrationStart("next week", now))).toBe("Enter a date, e.g. 2027-01-04.");
  });
});
