/**
 * Daily accrual and the monthly bill, pure (docs/fees.md).
 *
 * Each calendar day accrues `annualFee / daysInYear` (365, or 366 in a leap year) of the day's closing value. The
 * database keeps each day's annual fee exactly; a month's bill is computed from the year's days so far, divided once:
 *
 *   bill(month) = floor(Σ annual fees of the year's days through the month's last day / daysInYear) − billed earlier that year
 *
 * Rounding is down (in the investor's favour), once, on the year-to-date total: the fraction of a cent left over
 * is carried into the next month, so a year's bills add up to the year's exact accrual rounded down (a constant
 * $100,000 at 0.25 % is $250.00 exactly, in 2025 and in leap 2028), and less than a cent a year is ever forgiven.
 */
import Decimal from "decimal.js";

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** A waiver: from `from` to `to` (YYYY-MM-DD, both included), `fraction` of each day's fee is waived (1 = all of it). */
export interface FeeWaiverTerms {
  from: string;
  to: string;
  fraction: Decimal;
}

/** The share of `day`'s fee that is charged (1 − the largest waiver covering the day). */
export function chargedShare(day: string, waivers: FeeWaiverTerms[]): Decimal {
  let waived = new Decimal(0);
  for (const waiver of waivers) if (waiver.from <= day && day <= waiver.to && waiver.fraction.greaterThan(waived)) waived = waiver.fraction;
  return new Decimal(1).minus(Decimal.min(waived, 1));
}

/** What one day accrues, in cents (10 decimals: for showing; bills are computed from the annual fees, see above). */
export function dailyAccrual(annualFee: Decimal, day: string): Decimal {
  return annualFee.dividedBy(daysInYear(Number(day.slice(0, 4)))).toDecimalPlaces(10, Decimal.ROUND_DOWN);
}

/**
 * The month's bill in cents. `yearToDate` is the sum of the (charged) annual fees of every day of the year up to
 * the month's last day; `billedEarlier` the cents billed for the year's earlier months.
 */
export function monthBill(year: number, yearToDate: Decimal, billedEarlier: bigint): bigint {
  const accrued = BigInt(yearToDate.dividedBy(daysInYear(year)).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0));
  return accrued > billedEarlier ? accrued - billedEarlier : 0n;
}

/** "2026-11" → the month's first and last day (YYYY-MM-DD) and its year. */
export function monthDays(month: string): { first: string; last: string; year: number; days: string[] } {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const days = Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
  return { first: days[0]!, last: days.at(-1)!, year, days };
}

/** "November 2026" for "2026-11". */
export function monthLabel(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, m - 1, 1)).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}

/** The memo of a month's fee entry; activity and statements show it as written. */
export function feeMemo(month: string): string {
  return `Advisory fee for ${monthLabel(month)}`;
}
