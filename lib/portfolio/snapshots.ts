import { db } from "../db";

export const EXTERNAL_KINDS = ["DEPOSIT", "REFUND", "DISPUTE", "WITHDRAWAL", "REVERSAL"] as const;

/**
 * Writes (or refreshes) every account's snapshot for `day`: holdings at the latest prices, cash, and the day's
 * external flows from the ledger. Set-based, `batchSize` accounts per statement (keyset over account ids).
 * Returns how many accounts were revalued.
 */
export async function revaluePortfolios(day: Date, batchSize = 10_000): Promise<number> {
  const date = day.toISOString().slice(0, 10);
  let after = "00000000-0000-0000-0000-000000000000";
  let total = 0;
  for (;;) {
    const rows = await db.$queryRawUnsafe<{ last: string | null; n: bigint }[]>(
      `
      WITH batch AS (
        SELECT "id" FROM "InvestmentAccount" WHERE "id" > $1::uuid ORDER BY "id" LIMIT $2
      ), holdings AS (
        -- Each holding's value rounded down to the cent, as the holdings table shows it, then summed.
        SELECT h."investmentAccountId" AS id, sum(floor(h."quantity" * p."price" * 100))::bigint AS value
        FROM "Holding" h JOIN batch ON batch.id = h."investmentAccountId"
        JOIN "Asset" s ON s."symbol" = h."symbol" JOIN "AssetPrice" p ON p."assetId" = s."id"
        GROUP BY 1
      ), cash AS (
        SELECT la."investmentAccountId" AS id, sum(la."balance")::bigint AS value
        FROM "LedgerAccount" la JOIN batch ON batch.id = la."investmentAccountId"
        WHERE la."kind" IN ('INVESTOR_CASH', 'INVESTOR_CASH_HELD', 'INVESTOR_OWED')
        GROUP BY 1
      ), flows AS (
        SELECT la."investmentAccountId" AS id, sum(po."amount")::bigint AS value
        FROM "JournalEntry" je
        JOIN "Posting" po ON po."entryId" = je."id"
        JOIN "LedgerAccount" la ON la."id" = po."ledgerAccountId"
        JOIN batch ON batch.id = la."investmentAccountId"
        WHERE je."kind"::text = ANY ($4::text[]) AND je."createdAt" >= $3::date AND je."createdAt" < $3::date + 1
        GROUP BY 1
      ), upserted AS (
        INSERT INTO "PortfolioSnapshot" ("investmentAccountId", "date", "marketValue", "cash", "netFlow")
        SELECT batch.id, $3::date, coalesce(holdings.value, 0), coalesce(cash.value, 0), coalesce(flows.value, 0)
        FROM batch LEFT JOIN holdings ON holdings.id = batch.id LEFT JOIN cash ON cash.id = batch.id LEFT JOIN flows ON flows.id = batch.id
        ON CONFLICT ("investmentAccountId", "date") DO UPDATE
          SET "marketValue" = EXCLUDED."marketValue", "cash" = EXCLUDED."cash", "netFlow" = EXCLUDED."netFlow"
        RETURNING "investmentAccountId"
      )
      SELECT max("investmentAccountId"::text) AS last, count(*) AS n FROM upserted`,
      after,
      batchSize,
      date,
      [...EXTERNAL_KINDS],
    );
    const { last, n } = rows[0]!;
    total += Number(n);
    if (!last || Number(n) < batchSize) return total;
    after = last;
  }
}
