/**
 * What a monthly statement says, from figures read from the books (lib/documents/statement-books.ts). Pure.
 *
 * The identity every statement satisfies, and prints:
 *   opening value + deposits − withdrawals + dividends − fees + refunds and other adjustments + market change = closing value
 * Deposits, withdrawals, dividends, fees and the adjustments are the period's journal entries of those kinds, each
 * entry counted by what it moved into or out of the account's own cash accounts (available, held, owed), so an entry
 * that only moves money between them (a withdrawal's hold) counts nothing. Trades turn cash into holdings and back:
 * they are no flow. The market change is the residual, so the statement always reconciles with the values it shows.
 */
import type { JournalEntryKind } from "../generated/prisma/client";

/** One journal entry of the period: its net effect on the account's cash accounts, in cents. */
export interface BookedEntry {
  kind: JournalEntryKind;
  at: Date;
  memo: string | null;
  amount: bigint;
}

export interface HoldingAtEnd {
  symbol: string;
  name: string;
  /** Shares, as a decimal string to 1e-6. */
  quantity: string;
  /** The price it is valued at, as a decimal string; null when the asset has no price. */
  price: string | null;
  /** Cents, quantity × price rounded down to the cent (account-value.ts's rule). */
  value: bigint;
}

export interface Trade {
  at: Date;
  symbol: string;
  side: "BUY" | "SELL";
  quantity: string;
  price: string;
  /** Cents paid (a buy) or received (a sale). */
  amount: bigint;
}

export interface Disposal {
  soldAt: Date;
  symbol: string;
  quantity: string;
  proceeds: bigint;
  basis: bigint;
  gain: bigint;
  term: "SHORT" | "LONG";
}

/** Everything a statement needs, read from the books. */
export interface StatementBooks {
  account: { id: string; type: string; currency: string; holderName: string };
  /** The period's first and last day (YYYY-MM-DD). */
  period: { start: string; end: string };
  /** Generated before the month ended (an operator's request): it covers the month up to `generatedAt`. */
  monthToDate: boolean;
  generatedAt: Date;
  openingValue: bigint;
  closingValue: bigint;
  /** Cash (available, held, net of what is owed) at the period's end, in cents. */
  closingCash: bigint;
  entries: BookedEntry[];
  trades: Trade[];
  holdings: HoldingAtEnd[];
  disposals: Disposal[];
}

export interface StatementFigures {
  openingValue: bigint;
  deposits: bigint;
  withdrawals: bigint;
  dividends: bigint;
  fees: bigint;
  /** Refunds, disputes, reversals and transfers, net (negative when money left the account). */
  adjustments: bigint;
  marketChange: bigint;
  closingValue: bigint;
}

const ADJUSTMENT_KINDS: readonly JournalEntryKind[] = ["REFUND", "DISPUTE", "REVERSAL", "TRANSFER"];

const sumOf = (entries: BookedEntry[], kinds: readonly JournalEntryKind[]) =>
  entries.filter((entry) => kinds.includes(entry.kind)).reduce((sum, entry) => sum + entry.amount, 0n);

/** The summary's figures; the market change is what the flows do not explain. */
export function statementFigures(books: Pick<StatementBooks, "openingValue" | "closingValue" | "entries">): StatementFigures {
  const deposits = sumOf(books.entries, ["DEPOSIT"]);
  const withdrawals = -sumOf(books.entries, ["WITHDRAWAL"]);
  const dividends = sumOf(books.entries, ["DIVIDEND"]);
  const fees = -sumOf(books.entries, ["FEE"]);
  const adjustments = sumOf(books.entries, ADJUSTMENT_KINDS);
  const marketChange = books.closingValue - books.openingValue - deposits + withdrawals - dividends + fees - adjustments;
  return { openingValue: books.openingValue, deposits, withdrawals, dividends, fees, adjustments, marketChange, closingValue: books.closingValue };
}

/** True when the figures add up: opening + deposits − withdrawals + dividends − fees + adjustments + market change = closing. */
export function reconciles(f: StatementFigures): boolean {
  return f.openingValue + f.deposits - f.withdrawals + f.dividends - f.fees + f.adjustments + f.marketChange === f.closingValue;
}

export interface RealisedGains {
  shortTerm: bigint;
  longTerm: bigint;
  total: bigint;
}

export function realisedGains(disposals: Disposal[]): RealisedGains {
  const of = (term: Disposal["term"]) => disposals.filter((d) => d.term === term).reduce((sum, d) => sum + d.gain, 0n);
  const shortTerm = of("SHORT");
  const longTerm = of("LONG");
  return { shortTerm, longTerm, total: shortTerm + longTerm };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "November 2026" for "2026-11-…". */
export function monthName(date: string): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** "30 Nov 2026" for "2026-11-30" (a calendar day, no time zone involved). */
export function dayName(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]!.slice(0, 3)} ${date.slice(0, 4)}`;
}

const newYork = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", month: "short", day: "numeric", year: "numeric" });
const newYorkTime = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/New_York",
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
});

/** "Nov 30, 2026": the New York date of an instant. */
export function newYorkDate(at: Date): string {
  return newYork.format(at);
}

/** "Nov 30, 2026, 4:05 PM EST". */
export function newYorkDateTime(at: Date): string {
  return newYorkTime.format(at);
}

/** An account as printed on documents: never its full id. "Account ••••3f2a". */
export function maskedAccount(id: string): string {
  return `Account ••••${id.replace(/-/g, "").slice(-4)}`;
}

/** The period's first and last day (YYYY-MM-DD) of a month "YYYY-MM". */
export function monthPeriod(month: string): { start: string; end: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw new RangeError(`not a month: ${month}`);
  const last = new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, "0")}` };
}

/** The month before the one of a New York date ("2026-12-01" → "2026-11"). */
export function previousMonth(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

/** The file a statement or confirmation downloads as. */
export function documentFileName(kind: "STATEMENT" | "TRADE_CONFIRMATION", periodStart: string): string {
  return kind === "STATEMENT" ? `autovest-statement-${periodStart.slice(0, 7)}.pdf` : `autovest-confirmation-${periodStart}.pdf`;
}

/** What a document is called in lists and notifications. */
export function documentTitle(document: { kind: "STATEMENT" | "TRADE_CONFIRMATION"; periodStart: string; periodEnd: string; monthToDate: boolean }): string {
  if (document.kind === "TRADE_CONFIRMATION") return `Trade confirmation, ${dayName(document.periodStart)}`;
  return document.monthToDate
    ? `${monthName(document.periodStart)} statement (month to ${dayName(document.periodEnd)})`
    : `${monthName(document.periodStart)} statement`;
}

