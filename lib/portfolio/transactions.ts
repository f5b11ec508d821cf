import { z } from "zod";
import { db } from "../db";
import { NotFound } from "../errors";
import type { JournalEntryKind } from "../generated/prisma/client";
import type { CurrentUser } from "../auth/sessions";
import { parseInput } from "../validation";

/** The investor's own account, or 404 for anyone else's (never revealing that it exists). */
export async function ownAccount(user: CurrentUser, accountId: unknown): Promise<{ id: string; currency: string }> {
  const id = z.uuid().safeParse(accountId);
  const account = id.success ? await db.investmentAccount.findFirst({ where: { id: id.data, userId: user.id }, select: { id: true, currency: true } }) : null;
  if (!account || user.role !== "INVESTOR") throw new NotFound("No such account.");
  return account;
}

export interface Transaction {
  id: bigint;
  at: Date;
  kind: JournalEntryKind;
  description: string;
  /** Net effect on the investor's cash, owed and held balances, in cents (a purchase moves held cash out). */
  amount: bigint;
}

const KINDS = ["DEPOSIT", "REFUND", "DISPUTE", "TRADE", "FEE", "DIVIDEND", "WITHDRAWAL", "REVERSAL", "TRANSFER"] as const;

const query = z.object({
  cursor: z.coerce.bigint({ error: "cursor must be a transaction id" }).optional(),
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

/**
 * The account's ledger entries, newest first, with keyset pagination (`cursor` = the last id seen). Internal
 * moves between the investor's own balances (holding cash for orders) net to zero and are left out.
 */
export async function listTransactions(accountId: string, input: Record<string, unknown>): Promise<{ transactions: Transaction[]; nextCursor: string | null }> {
  const { cursor, type, limit } = parseInput(query, input);
  const rows = await db.$queryRaw<{ id: bigint; at: Date; kind: JournalEntryKind; memo: string | null; amount: bigint }[]>`
    SELECT je."id", je."createdAt" AS at, je."kind", je."memo", sum(p."amount")::bigint AS amount
    FROM "LedgerAccount" la
    JOIN "Posting" p ON p."ledgerAccountId" = la."id"
    JOIN "JournalEntry" je ON je."id" = p."entryId"
    WHERE la."investmentAccountId" = ${accountId}::uuid
      AND (${cursor ?? null}::bigint IS NULL OR je."id" < ${cursor ?? null}::bigint)
      AND (${type ?? null}::text IS NULL OR je."kind"::text = ${type ?? null}::text)
    GROUP BY je."id"
    HAVING sum(p."amount") <> 0
    ORDER BY je."id" DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit).map((row) => ({
    id: row.id,
    at: row.at,
    kind: row.kind,
    description: row.memo ?? DESCRIPTIONS[row.kind] ?? row.kind.toLowerCase(),
    amount: row.amount,
  }));
  return { transactions: page, nextCursor: rows.length > limit ? page.at(-1)!.id.toString() : null };
}
