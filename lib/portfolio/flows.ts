import type { Tx } from "../db";
import { accountValuesSql } from "./account-value";

export const EXTERNAL_KINDS = ["DEPOSIT", "REFUND", "DISPUTE", "WITHDRAWAL", "REVERSAL"] as const;

/**
 * Values each account an external entry moved money into or out of, just before the money moved, and writes
 * (or refreshes) that UTC day's snapshot with the value just after: in the entry's own transaction, so a flow
 * is counted once, in the day it happened, whenever that is (at night, at a weekend, with no price sync).
 *
 * The value is read after the postings (the same statement reads balances and prices); a flow changes cash
 * only, so the value before is the value after less the flows. Entries of other kinds are ignored; an entry
 * already recorded changes nothing.
 */
export async function recordFlows(tx: Tx, entryIds: bigint[]): Promise<void> {
  if (entryIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `
    WITH moved AS (
      SELECT je."id" AS entry_id, la."investmentAccountId" AS account_id, je."createdAt" AS at, sum(po."amount")::bigint AS amount
      FROM "JournalEntry" je
      JOIN "Posting" po ON po."entryId" = je."id"
      JOIN "LedgerAccount" la ON la."id" = po."ledgerAccountId"
      WHERE je."id" = ANY ($1::bigint[]) AND je."kind"::text = ANY ($2::text[]) AND la."investmentAccountId" IS NOT NULL
      GROUP BY 1, 2, 3
      HAVING sum(po."amount") <> 0
    ), valued AS (${accountValuesSql(`SELECT DISTINCT account_id FROM moved`)}
    ), flows AS (
      -- Several entries for one account in one batch: each is valued before itself and the entries after it.
      INSERT INTO "PortfolioFlow" ("entryId", "investmentAccountId", "at", "amount", "valueBefore")
      SELECT m.entry_id, m.account_id, m.at, m.amount,
        v.market_value + v.cash - sum(m.amount) OVER (PARTITION BY m.account_id ORDER BY m.at DESC, m.entry_id DESC)
      FROM moved m JOIN valued v ON v.id = m.account_id
      ON CONFLICT DO NOTHING
      RETURNING "investmentAccountId", "at", "amount"
    )
    INSERT INTO "PortfolioSnapshot" ("investmentAccountId", "date", "marketValue", "cash", "netFlow")
    SELECT f."investmentAccountId", (f."at" AT TIME ZONE 'UTC')::date, v.market_value, v.cash, sum(f."amount")::bigint
    FROM flows f JOIN valued v ON v.id = f."investmentAccountId"
    GROUP BY 1, 2, 3, 4
    ON CONFLICT ("investmentAccountId", "date") DO UPDATE
      SET "marketValue" = EXCLUDED."marketValue", "cash" = EXCLUDED."cash", "netFlow" = "PortfolioSnapshot"."netFlow" + EXCLUDED."netFlow"`,
    entryIds.map(String),
    [...EXTERNAL_KINDS],
  );
}
