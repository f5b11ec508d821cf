/**
 * When a recurring deposit's periods fall: pure calendar arithmetic, no I/O. Dates are calendar dates in
 * America/New_York, carried as Dates at UTC midnight (what Prisma gives for a @db.Date column).
 *
 * The rules (docs/payments.md):
 * - WEEKLY and BIWEEKLY fall on an ISO weekday (1 = Monday … 7 = Sunday), every 7 or 14 days from the first.
 * - MONTHLY falls on a day 1–31; in a month without that day, on its last day (31 is "the last day of the month").
 *   Each month is computed from the rule, not from the month before: the 31st gives Feb 28 (29), then Mar 31.
 * - The first period is the first such date from tomorrow on (New York): setting one up never debits today.
 * - A debit starts at 10:00 New York time on its date, whatever the daylight-saving offset; a weekend or a
 *   bank holiday is not moved: ACH takes the instruction and the banks settle it on their next business day.
 * - Time-scaled (development and tests only): a calendar day lasts `secondsPerDay`, counted from an anchor.
 */
import { newYorkDay, newYorkTime } from "../../brokerage/market-calendar";

export type Frequency = "WEEKLY" | "BIWEEKLY" | "MONTHLY";

export interface ScheduleRule {
  frequency: Frequency;
  /** WEEKLY and BIWEEKLY: ISO weekday 1–7. */
  weekday?: number | null;
  /** MONTHLY: 1–31. */
  dayOfMonth?: number | null;
}

export interface TimeScale {
  secondsPerDay: number;
  anchorAt: Date;
  anchorDate: Date;
}

export const ZONE = "America/New_York";
export const RUN_HOUR = 10;
export const LAST_DAY = 31;
const DAY_MS = 86_400_000;

export function calendarDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / DAY_MS);
}

/** "2026-12-04" */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function parseIsoDate(text: string): Date {
  return new Date(`${text}T00:00:00Z`);
}

const isoWeekday = (date: Date) => ((date.getUTCDay() + 6) % 7) + 1;
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The New York calendar date at `instant` (the market calendar's conversion). */
export function newYorkDate(instant: Date): Date {
  const day = newYorkDay(instant);
  return calendarDate(day.year, day.month, day.day);
}

/** The instant it is `hour`:00 in New York on `date` (the offset of that day: -4 h in summer, -5 h in winter). */
export function newYorkInstant(date: Date, hour = RUN_HOUR): Date {
  return newYorkTime({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, hour);
}

function monthlyDate(year: number, month: number, dayOfMonth: number): Date {
  const normalised = month > 12 ? { year: year + 1, month: month - 12 } : { year, month };
  return calendarDate(normalised.year, normalised.month, Math.min(dayOfMonth, daysInMonth(normalised.year, normalised.month)));
}

/** The first date of the rule on or after `from`. */
export function firstPeriodOnOrAfter(rule: ScheduleRule, from: Date): Date {
  if (rule.frequency === "MONTHLY") {
    const day = rule.dayOfMonth!;
    const year = from.getUTCFullYear();
    const month = from.getUTCMonth() + 1;
    const thisMonth = monthlyDate(year, month, day);
    return thisMonth >= from ? thisMonth : monthlyDate(year, month + 1, day);
  }
  return addDays(from, (rule.weekday! - isoWeekday(from) + 7) % 7);
}

/** The period after `period` (itself a date of the rule). */
export function periodAfter(rule: ScheduleRule, period: Date): Date {
  if (rule.frequency === "WEEKLY") return addDays(period, 7);
  if (rule.frequency === "BIWEEKLY") return addDays(period, 14);
  return monthlyDate(period.getUTCFullYear(), period.getUTCMonth() + 2, rule.dayOfMonth!);
}

/** A new (or resumed, or changed) schedule's first period: from tomorrow in New York, and after `notBefore` if given. */
export function firstPeriod(rule: ScheduleRule, now: Date, notBefore?: Date | null): Date {
  const tomorrow = addDays(newYorkDate(now), 1);
  const from = notBefore && notBefore > tomorrow ? notBefore : tomorrow;
  return firstPeriodOnOrAfter(rule, from);
}

/** When the debit of `period` starts: 10:00 New York on its date, or on the scaled clock. */
export function runAtOf(period: Date, scale?: TimeScale | null): Date {
  if (!scale) return newYorkInstant(period);
  return new Date(scale.anchorAt.getTime() + daysBetween(scale.anchorDate, period) * scale.secondsPerDay * 1000);
}

/**
 * The one retry of a failed debit: at the debit time three days after the period's date (scaled like the
 * periods); a failure reported later than that is retried at once.
 */
export const RETRY_AFTER_DAYS = 3;

export function retryAtOf(period: Date, scale?: TimeScale | null): Date {
  return runAtOf(addDays(period, RETRY_AFTER_DAYS), scale);
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[day % 10] ?? "th";
  return `${day}${suffix}`;
}

/** "every Friday", "every other Friday", "monthly on the 15th", "monthly on the last day". */
export function describeRule(rule: ScheduleRule): string {
  if (rule.frequency === "MONTHLY") return rule.dayOfMonth === LAST_DAY ? "monthly on the last day" : `monthly on the ${ordinal(rule.dayOfMonth!)}`;
  const day = WEEKDAYS[rule.weekday! - 1];
  return rule.frequency === "WEEKLY" ? `every ${day}` : `every other ${day}`;
}

/** "Friday, December 4, 2026" */
export function describeDate(date: Date): string {
  return date.toLocaleDateString("en-US", { timeZone: "UTC", weekday: "long", month: "long", day: "numeric", year: "numeric" });
}
