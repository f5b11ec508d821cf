import { db } from "../db";
import { accountValuesSql, CASH_KINDS } from "./account-value";

export { EXTERNAL_KINDS } from "./flows";

const FIRST_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Writes (or refreshes) every account's snapshot for `day` (a UTC date): the account's value now (account-value.ts)
 * and the day's external flows (PortfolioFlow rows of that date, each valued when it moved). Set-based,
 * `batchSize` accounts per statement (keyset over account ids). Returns how many accounts were revalued.
 *
 * A flow committed while the statement runs is not in its balances nor in its flows, but the flow has already
 * refreshed the row (recordFlows): the row is then left as the flow wrote it (its net flow differs), not
 * overwritten with a value that misses the money.
 */
export async function revaluePortfolios(day: Date, batchSize = 10_000): Promise<number> {
  const date = day.toISOString().slice(0, 10);
  let after = FIRST_ID;
  let total = 0;
  for (;;) {
    const rows = await db.$queryRawUnsafe<{ last: string | null; n: bigint }[]>(
      `
      WITH batch AS (
        SELECT "id" FROM "InvestmentAccount" WHERE "id" > $1::uuid ORDER BY "id" LIMIT $2
      ), valued AS (${accountValuesSql(`SELECT "id" FROM batch`)}
      ), flows AS (
        SELECT f."investmentAccountId" AS id, sum(f."amount")::bigint AS value
        FROM "PortfolioFlow" f JOIN batch ON batch.id = f."investmentAccountId"
        WHERE f."at" >= $3::date::timestamp AT TIME ZONE 'UTC' AND f."at" < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
        GROUP BY 1
      ), upserted AS (
        INSERT INTO "PortfolioSnapshot" ("investmentAccountId", "date", "marketValue", "cash", "netFlow")
        SELECT valued.id, $3::date, valued.market_value, valued.cash, coalesce(flows.value, 0)
        FROM valued LEFT JOIN flows ON flows.id = valued.id
        ON CONFLICT ("investmentAccountId", "date") DO UPDATE
          SET "marketValue" = EXCLUDED."marketValue", "cash" = EXCLUDED."cash"
          WHERE "PortfolioSnapshot"."netFlow" = EXCLUDED."netFlow"
        RETURNING "investmentAccountId"
      )
      SELECT (SELECT max("id"::text) FROM batch) AS last, (SELECT count(*) FROM batch) AS n`,
      after,
      batchSize,
      date,
    );
    const { last, n } = rows[0]!;
    total += Number(n);
    if (!last || Number(n) < batchSize) return total;
    after = last;
  }
}

/**
 * Rewrites the snapshots of every day from `from` (YYYY-MM-DD) to yesterday (UTC) from what is known now: for
 * when prices or a corporate action arrive late. Each day that has a close (of any asset), a flow or a snapshot
 * gets one, valued as account-value.ts values an account, as of the end of that day: each holding's quantity then
 * (today's, less the fills settled and the corporate actions effective after the day) at its latest close on or
 * before the day, rounded down to the cent, plus the cash balances then (less the postings after the day); the
 * net flow is the day's PortfolioFlow rows. Flows keep the value they were recorded with (it was the value at
 * that moment). `accounts` limits it to some accounts; `to` (YYYY-MM-DD, before today) stops before that day
 * (the demo seed writes a month at a time as it plays its history). Returns how many snapshots were written.
 */
export async function backfillSnapshots(from: string, options: { accounts?: string[]; batchSize?: number; to?: string } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let after = FIRST_ID;
  let written = 0;
  for (;;) {
    const rows = await db.$queryRawUnsafe<{ last: string | null; n: bigint; written: bigint }[]>(
      `
      WITH batch AS (
        SELECT "id" FROM "InvestmentAccount"
        WHERE "id" > $1::uuid AND ($4::uuid[] IS NULL OR "id" = ANY ($4::uuid[])) ORDER BY "id" LIMIT $2
      ), days AS (
        SELECT b.id, d.day FROM batch b CROSS JOIN LATERAL (
          -- Trading days from the account's first snapshot or flow on, not before it had any money.
          SELECT DISTINCT "date" AS day FROM "PriceBar" WHERE "date" >= $3::date AND "date" < least($6::date, (now() AT TIME ZONE 'UTC')::date)
            AND "date" >= least(
              (SELECT min("date") FROM "PortfolioSnapshot" WHERE "investmentAccountId" = b.id),
              (SELECT min(("at" AT TIME ZONE 'UTC')::date) FROM "PortfolioFlow" WHERE "investmentAccountId" = b.id))
          UNION SELECT ("at" AT TIME ZONE 'UTC')::date FROM "PortfolioFlow"
            WHERE "investmentAccountId" = b.id AND "at" >= $3::date::timestamp AT TIME ZONE 'UTC' AND "at" < least($6::date, (now() AT TIME ZONE 'UTC')::date)::timestamp AT TIME ZONE 'UTC'
          UNION SELECT "date" FROM "PortfolioSnapshot"
            WHERE "investmentAccountId" = b.id AND "date" >= $3::date AND "date" < least($6::date, (now() AT TIME ZONE 'UTC')::date)
        ) d
      ), changes AS (
        -- What moved each holding after a day: fills (settled that UTC day) and corporate actions (from the ex-date).
        SELECT o."investmentAccountId" AS id, o."symbol", (o."settledAt" AT TIME ZONE 'UTC')::date AS effective,
          CASE o."side" WHEN 'BUY' THEN o."filledQuantity" ELSE -o."filledQuantity" END AS delta
        FROM "Order" o JOIN batch ON batch.id = o."investmentAccountId"
        WHERE o."settledAt" IS NOT NULL AND o."filledQuantity" IS NOT NULL AND o."settledAt" >= $3::date::timestamp AT TIME ZONE 'UTC'
        UNION ALL
        SELECT ha."investmentAccountId", ha."symbol", ca."exDate", ha."quantityAfter" - ha."quantityBefore"
        FROM "HoldingAdjustment" ha JOIN batch ON batch.id = ha."investmentAccountId"
        JOIN "CorporateAction" ca ON ca."id" = ha."corporateActionId"
        WHERE ca."exDate" > $3::date
      ), held AS (
        SELECT d.id, d.day, h."symbol",
          h."quantity" - coalesce((SELECT sum(c.delta) FROM changes c WHERE c.id = d.id AND c."symbol" = h."symbol" AND c.effective > d.day), 0) AS quantity
        FROM days d JOIN "Holding" h ON h."investmentAccountId" = d.id
      ), holdings AS (
        SELECT held.id, held.day, sum(floor(held.quantity * bar.close * 100))::bigint AS value
        FROM held JOIN "Asset" s ON s."symbol" = held."symbol"
        CROSS JOIN LATERAL (
          SELECT b."close" AS close FROM "PriceBar" b WHERE b."assetId" = s."id" AND b."date" <= held.day ORDER BY b."date" DESC LIMIT 1
        ) bar
        WHERE held.quantity <> 0
        GROUP BY 1, 2
      ), cash AS (
        SELECT d.id, d.day, (
          SELECT coalesce(sum(la."balance"), 0) - coalesce((
            SELECT sum(po."amount") FROM "Posting" po JOIN "JournalEntry" je ON je."id" = po."entryId"
            WHERE po."ledgerAccountId" IN (SELECT "id" FROM "LedgerAccount" WHERE "investmentAccountId" = d.id AND "kind"::text = ANY ($5::text[]))
              AND je."createdAt" >= (d.day + 1)::timestamp AT TIME ZONE 'UTC'), 0)
          FROM "LedgerAccount" la WHERE la."investmentAccountId" = d.id AND la."kind"::text = ANY ($5::text[])
        )::bigint AS value
        FROM days d
      ), flows AS (
        SELECT d.id, d.day, coalesce(sum(f."amount"), 0)::bigint AS value
        FROM days d LEFT JOIN "PortfolioFlow" f ON f."investmentAccountId" = d.id
          AND f."at" >= d.day::timestamp AT TIME ZONE 'UTC' AND f."at" < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
        GROUP BY 1, 2
      ), upserted AS (
        INSERT INTO "PortfolioSnapshot" ("investmentAccountId", "date", "marketValue", "cash", "netFlow")
        SELECT d.id, d.day, coalesce(holdings.value, 0), cash.value, flows.value
        FROM days d JOIN cash ON cash.id = d.id AND cash.day = d.day JOIN flows ON flows.id = d.id AND flows.day = d.day
        LEFT JOIN holdings ON holdings.id = d.id AND holdings.day = d.day
        ON CONFLICT ("investmentAccountId", "date") DO UPDATE
          SET "marketValue" = EXCLUDED."marketValue", "cash" = EXCLUDED."cash", "netFlow" = EXCLUDED."netFlow"
        RETURNING 1
      )
      SELECT (SELECT max("id"::text) FROM batch) AS last, (SELECT count(*) FROM batch) AS n, (SELECT count(*) FROM upserted) AS written`,
      after,
      batchSize,
      from,
      options.accounts ?? null,
      [...CASH_KINDS],
      options.to ?? null,
    );
    const { last, n } = rows[0]!;
    written += Number(rows[0]!.written);
    if (!last || Number(n) < batchSize) return written;
    after = last;
  }
}

/**
 * Repairs the history of every account that holds or held `symbol` from `from` (YYYY-MM-DD): for prices that
 * arrived late (an import of past bars) or a split or symbol change recorded after its ex-date. Accounts are
 * taken from their holdings and tax lots, 5,000 per backfill call. Days before an account's first snapshot or flow are left
 * alone, and today's snapshot is the revaluation's. Returns how many snapshots were rewritten.
 */
export async function repairHistoryOf(symbol: string, from: string): Promise<number> {
  if (from >= new Date().toISOString().slice(0, 10)) return 0;
  let after = FIRST_ID;
  let written = 0;
  for (;;) {
    const accounts = await db.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM (
        SELECT "investmentAccountId" AS id FROM "Holding" WHERE "symbol" = ${symbol} AND "investmentAccountId" > ${after}::uuid
        UNION SELECT "investmentAccountId" FROM "TaxLot" WHERE "symbol" = ${symbol} AND "investmentAccountId" > ${after}::uuid
      ) held ORDER BY held.id LIMIT 5000`;
    if (accounts.length === 0) return written;
    written += await backfillSnapshots(from, { accounts: accounts.map((a) => a.id) });
    if (accounts.length < 5000) return written;
    after = accounts.at(-1)!.id;
  }
}

