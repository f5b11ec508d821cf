/**
 * The activity export as CSV (RFC 4180): one header row, then one row per activity with structured columns
 * a spreadsheet can sum. Money and decimals are exact strings (never floats); texts a spreadsheet would run as
 * a formula are defused (csvCell).
 */
import type Decimal from "decimal.js";
import { toDecimalString } from "../money";
import { csvCell } from "./api-views";
import type { Transaction } from "./transactions";

export const ACTIVITY_CSV_HEADER = "date,type,symbol,quantity,price,amount,fees,cash_balance,currency,description";

/** An activity with what the export adds: the security traded or paid on, and the cash balance after it. */
export interface ActivityExportRow extends Transaction {
  symbol: string | null;
  /** Shares: positive bought (or received), negative sold. */
  quantity: Decimal | null;
  /** The price per share of a fill. */
  price: Decimal | null;
  /** The fee the row charged, in cents (0 for a trade: trades carry no commission); null where fees do not apply. */
  fee: bigint | null;
  /** Available cash after the row, in cents; null when the row did not move available cash. */
  cashBalance: bigint | null;
}

/** One CSV line (no line end): ISO 8601 UTC date, lower-case type, decimals to 6 places, money in major units. */
export function activityCsvLine(row: ActivityExportRow, currency: string): string {
  return [
    row.at.toISOString(),
    row.kind.toLowerCase(),
    row.symbol ?? "",
    row.quantity?.toFixed(6) ?? "",
    row.price?.toFixed(6) ?? "",
    toDecimalString(row.amount, currency),
    row.fee === null ? "" : toDecimalString(row.fee, currency),
    row.cashBalance === null ? "" : toDecimalString(row.cashBalance, currency),
    currency,
    row.description,
  ]
    .map(csvCell)
    .join(",");
}
