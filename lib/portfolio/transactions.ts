import Decimal from "decimal.js";
import { z } from "zod";
import { db } from "../db";
import type { JournalEntryKind } from "../generated/prisma/client";
import { formatMoney } from "../money";
import { parseInput } from "../validation";

/** What the activity lists besides ledger entries: orders that did not fill, and corporate actions. */
export type ActivityKind = JournalEntryKind | "ORDER" | "CORPORATE_ACTION";

export interface Transaction {
  /** Unique across kinds: "entry:<id>", "order:<id>" or "adjustment:<id>". */
  id: string;
  at: Date;
  kind: ActivityKind;
  description: string;
  /** Net effect on the investor's cash, owed and held balances, in cents (a purchase moves held cash out). */
  amount: bigint;
}

const KINDS = ["DEPOSIT", "REFUND", "DISPUTE", "TRADE", "FEE", "DIVIDEND", "WITHDRAWAL", "REVERSAL", "TRANSFER", "ORDER", "CORPORATE_ACTION"] as const;

/** The cursor is opaque to clients: the last row's time, source and id, base64url-encoded. */
const cursorSchema = z
  .string()
  .transform((value, ctx) => {
    try {
      const [at, source, ref] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown[];
      if (typeof at === "string" && !Number.isNaN(Date.parse(at)) && typeof source === "string" && typeof ref === "string") return { at: new Date(at), source, ref };
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: "cursor must be a nextCursor from an earlier page" });
    return z.NEVER;
  });
const encodeCursor = (row: { at: Date; source: string; ref: string }) => Buffer.from(JSON.stringify([row.at.toISOString(), row.source, row.ref])).toString("base64url");

const query = z.object({
  cursor: cursorSchema.optional(),
  type: z
    .string()
    .transform((t) => t.toUpperCase())
    .pipe(z.enum(KINDS, { error: `type must be one of ${KINDS.join(", ").toLowerCase()}` }))
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const DESCRIPTIONS: Partial<Record<JournalEntryKind, string>> = {
  DEPOSIT: "Deposit",
  REFUND: "Refund to the payer",
  DISPUTE: "Disputed payment",
  REVERSAL: "Reversal",
  WITHDRAWAL: "Withdrawal",
  FEE: "Fee",
  DIVIDEND: "Dividend",
};

interface Row {
  at: Date;
  source: "entry" | "order" | "adjustment";
  ref: string;
  kind: ActivityKind;
  memo: string | null;
  amount: bigint;
  symbol: string | null;
  side: string | null;
  status: string | null;
  notional: bigint | null;
  quantity: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
}

const trim = (decimal: string) => new Decimal(decimal).toString();

function describe(row: Row, currency: string): string {
  if (row.source === "order") {
    const what = row.side === "BUY" && row.notional !== null ? `buy ${formatMoney(row.notional, currency)} of ${row.symbol}` : `sell ${trim(row.quantity ?? "0")} ${row.symbol}`;
    return `Order to ${what} ${row.status?.toLowerCase()}${row.reason ? `: ${row.reason}` : ""}`;
  }
  if (row.source === "adjustment") {
    if (row.memo) return row.memo; // a symbol change: the share count alone does not say what happened
    const before = new Decimal(row.before!);
    const after = new Decimal(row.after!);
    const kind = after.greaterThan(before) ? "Split" : "Reverse split";
    return `${kind} of ${row.symbol}: ${before.toString()} shares became ${after.toString()}`;
  }
  return row.memo ?? DESCRIPTIONS[row.kind as JournalEntryKind] ?? row.kind.toLowerCase();
}

/**
 * The account's activity, newest first, with keyset pagination (`cursor` = the previous page's nextCursor):
 * ledger entries (internal moves between the investor's own balances, such as holding cash for orders, net
 * to zero and are left out), orders that ended with nothing filled (rejected, canceled or expired: what part
 * of an order filled is a purchase or sale like any other), and what corporate actions did to the holdings.
 */
export async function listTransactions(
  accountId: string,
  input: Record<string, unknown>,
  currency = "USD",
): Promise<{ transactions: Transaction[]; nextCursor: string | null }> {
  const { cursor, type, limit } = parseInput(query, input);
  const kind = type ?? null;
  // account_activity (a database function, so its plan is kept): see its migration.
  const rows = await db.$queryRaw<Row[]>`
    SELECT * FROM account_activity(${accountId}::uuid, ${kind}::text, ${cursor?.at ?? null}::timestamptz,
      ${cursor?.source ?? null}::text, ${cursor?.ref ?? null}::text, ${limit + 1}::int)`;
  const page = rows.slice(0, limit);
  return {
    transactions: page.map((row) => ({ id: `${row.source}:${row.ref}`, at: row.at, kind: row.kind, description: describe(row, currency), amount: row.amount })),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
  };
}
