/**
 * Consultation times are stored in UTC and shown in UTC, always named, so an advisor and an investor in
 * different places read the same clock and a form's time means one instant (no guessing the browser's zone).
 */
export const TIME_ZONE = "UTC";

const dayFormat = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: TIME_ZONE });
const clockFormat = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: TIME_ZONE });

/** "Mon, Nov 23, 2026, 10:00 UTC". */
export function formatMoment(at: Date): string {
  return `${dayFormat.format(at)}, ${clockFormat.format(at)} ${TIME_ZONE}`;
}

/** "Mon, Nov 23, 2026, 10:00–10:30 UTC" (a slot never spans midnight by more than its 2 hours, so one date is enough). */
export function formatSlot(slot: { startsAt: Date; endsAt: Date }): string {
  return `${dayFormat.format(slot.startsAt)}, ${clockFormat.format(slot.startsAt)}–${clockFormat.format(slot.endsAt)} ${TIME_ZONE}`;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value ("2026-11-23T10:00"), read in UTC; null when it is not one or names no real moment
 * (Feb 30, 24:00).
 */
export function parseWallTime(value: string): Date | null {
  const parts = WALL_TIME.exec(value);
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const exact = at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day && at.getUTCHours() === hour && at.getUTCMinutes() === minute;
  return exact ? at : null;
}

/** The `datetime-local` value of a moment in UTC, to the minute: the inverse of parseWallTime. */
export function wallTimeOf(at: Date): string {
  return at.toISOString().slice(0, 16);
}
