/**
 * Consultation times are stored in UTC and shown in each viewer's own zone, always named, so an advisor in
 * one place and an investor in another each read their own clock. A form's wall time is read in the zone the
 * form named (sent with it), so it means one instant whatever zone the browser is in by the time it is sent.
 */
import type { Viewer } from "../format/viewer-format";

/** Where nothing else is known (and in texts stored for later, such as notices, when the reader chose no zone). */
export const UTC: Viewer = { locale: "en-US", timeZone: "UTC" };

const formats = new Map<string, { day: Intl.DateTimeFormat; clock: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }>();

function formatsOf({ locale, timeZone }: Viewer) {
  const key = `${locale}|${timeZone}`;
  let made = formats.get(key);
  if (!made) {
    made = {
      day: new Intl.DateTimeFormat(locale, { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone }),
      clock: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }),
      zone: new Intl.DateTimeFormat(locale, { timeZoneName: "short", timeZone }),
    };
    formats.set(key, made);
  }
  return made;
}

const zoneName = (at: Date, viewer: Viewer) => formatsOf(viewer).zone.formatToParts(at).find((part) => part.type === "timeZoneName")?.value ?? viewer.timeZone;

/** "Mon, Nov 23, 2026, 10:00 UTC" (in the viewer's zone and language). */
export function formatMoment(at: Date, viewer: Viewer = UTC): string {
  const { day, clock } = formatsOf(viewer);
  return `${day.format(at)}, ${clock.format(at)} ${zoneName(at, viewer)}`;
}

/** "Mon, Nov 23, 2026, 10:00–10:30 UTC" (a slot never spans midnight by more than its 2 hours, so one date is enough). */
export function formatSlot(slot: { startsAt: Date; endsAt: Date }, viewer: Viewer = UTC): string {
  const { day, clock } = formatsOf(viewer);
  return `${day.format(slot.startsAt)}, ${clock.format(slot.startsAt)}–${clock.format(slot.endsAt)} ${zoneName(slot.startsAt, viewer)}`;
}

/** How a zone is named beside a form's time field: "UTC", or its IANA name ("Asia/Tokyo"). */
export function zoneLabel(timeZone: string): string {
  return /^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)$/.test(timeZone) ? "UTC" : timeZone;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const MINUTE = 60_000;

/** The wall-clock fields of an instant in a zone, as if they were UTC (to the second). */
function wallAsUtc(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(at))
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/**
 * A `datetime-local` value ("2026-11-23T10:00") read in `timeZone`; null when it is not one or names no real
 * moment (Feb 30, 24:00, or a time the clocks skip when they go forward). A time the clocks pass twice (when
 * they go back) is the first of the two.
 */
export function parseWallTime(value: string, timeZone = "UTC"): Date | null {
  const parts = WALL_TIME.exec(value);
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  const exact = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day && check.getUTCHours() === hour && check.getUTCMinutes() === minute;
  if (!exact) return null;
  // The zone's offset half a day either side covers any change of its clocks near this time.
  const offsets = [wall - 12 * 60 * MINUTE, wall + 12 * 60 * MINUTE].map((at) => wallAsUtc(at, timeZone) - at);
  const candidates = offsets.map((offset) => wall - offset).filter((at) => wallAsUtc(at, timeZone) === wall);
  return candidates.length === 0 ? null : new Date(Math.min(...candidates));
}

/** The `datetime-local` value of a moment in `timeZone`, to the minute: the inverse of parseWallTime. */
export function wallTimeOf(at: Date, timeZone = "UTC"): string {
  return new Date(wallAsUtc(at.getTime(), timeZone)).toISOString().slice(0, 16);
}
