/** When a model version's migration starts, from the New York date an advisor gives. Pure. */
import { newYorkTime } from "../brokerage/market-calendar";
import { InvalidInput } from "../errors";
import { tradeDate } from "../tax/holding-period";

/** How far ahead a migration can be scheduled. */
export const MAX_SCHEDULE_DAYS = 90;

/**
 * The instant a migration scheduled for a New York date starts (midnight there; each account's rebalance then waits
 * for the market): a date after today in New York and at most MAX_SCHEDULE_DAYS ahead. Empty means now (null).
 */
export function migrationStart(text: unknown, now: Date): Date | null {
  if (text === undefined || text === null || text === "") return null;
  const match = typeof text === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim()) : null;
  const day = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
  const valid = day && new Date(Date.UTC(day.year, day.month - 1, day.day)).toISOString().slice(0, 10) === text;
  if (!day || !valid) throw new InvalidInput("Please correct the highlighted fields.", { migrateOn: "Enter a date, e.g. 2027-01-04." });
  const today = tradeDate(now);
  const latest = tradeDate(new Date(now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000));
  if (text <= today) throw new InvalidInput("Please correct the highlighted fields.", { migrateOn: "Choose a date after today (New York time)." });
  if (text > latest) throw new InvalidInput("Please correct the highlighted fields.", { migrateOn: `Choose a date within ${MAX_SCHEDULE_DAYS} days.` });
  return newYorkTime(day, 0);
}
