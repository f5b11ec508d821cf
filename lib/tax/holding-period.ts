/**
 * The IRS holding period (26 U.S.C. §1222, Publication 550, Rev. Rul. 66-7 and 70-598): a gain or loss is
 * long-term when the shares were held MORE than one year. The period starts on the day AFTER the trade date of
 * the purchase and includes the trade date of the sale, and is counted in calendar months: a holding month
 * ends the day before the same date of the next month (or on the last day of the month when that date does
 * not exist). So shares bought on 5 Feb 2025 are long-term when sold on or after 6 Feb 2026, and:
 *  - bought 28 Feb 2023 (the period starts 1 Mar 2023): long-term from 1 Mar 2024, not on 29 Feb 2024;
 *  - bought 29 Feb 2024 (starts 1 Mar 2024): long-term from 1 Mar 2025;
 *  - bought 28 Feb 2024 (starts 29 Feb 2024; 2025 has no 29 Feb): long-term from 1 Mar 2025;
 *  - bought 31 Dec 2025 (starts 1 Jan 2026): long-term from 1 Jan 2027.
 * Trade dates are New York dates (the exchange's), whatever the time zone of the instant. Pure.
 */

const ZONE = "America/New_York";
const dateInNewYork = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** The trade date (YYYY-MM-DD, New York) of an instant. */
export function tradeDate(instant: Date): string {
  return dateInNewYork.format(instant);
}

function parse(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (!match || !parsed || parsed.toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

const iso = (t: Date) => t.toISOString().slice(0, 10);

/**
 * The first sale date (YYYY-MM-DD) on which shares bought on trade date `acquired` are long-term: the day the
 * holding period passes twelve full calendar months.
 */
export function longTermFrom(acquired: string): string {
  const a = parse(acquired);
  const start = new Date(Date.UTC(a.year, a.month - 1, a.day + 1)); // the holding period's first day
  const year = start.getUTCFullYear() + 1;
  const month = start.getUTCMonth();
  const day = start.getUTCDate();
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  // Twelve months after the start, the same date starts the thirteenth month; where that date does not exist
  // (29 Feb in a common year) the twelfth month ends on the month's last day and the next day is the first of
  // the following month.
  return day <= daysInMonth ? iso(new Date(Date.UTC(year, month, day))) : iso(new Date(Date.UTC(year, month + 1, 1)));
}

/** Whether shares bought at `acquiredAt` and sold at `soldAt` (instants) were held long-term. */
export function isLongTerm(acquiredAt: Date, soldAt: Date): boolean {
  return tradeDate(soldAt) >= longTermFrom(tradeDate(acquiredAt));
}

/** "long" or "short", for reports and lot selection. */
export function holdingTerm(acquiredAt: Date, soldAt: Date): "long" | "short" {
  return isLongTerm(acquiredAt, soldAt) ? "long" : "short";
}
