import Decimal from "decimal.js";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";

export interface DriftedAccount {
  investmentAccountId: string;
  drift: Decimal;
  band: Decimal;
}

/**
 * Common table expressions ending in `drift (id, drift)` and `acct (id, version, band)` for the accounts
 * following a model that `accounts` (a condition on `ia`, the InvestmentAccount) selects. Drift is
 * sum of |weight − target| / 2 at the latest prices, uninvested cash counted at a 0% target; an account with
 * nothing in it has no row in `drift` (no drift). This is the one implementation of drift: the sweep, the
 * advisor's overview, the clients list and the client's page all read it.
 *
 * Targets the account does not hold add their whole weight, so the sum over every symbol is
 *   Σ_held |w − t| + (1 − Σ_held t) + cash weight
 * which needs only the holdings joined to the (small) table of model weights, not every account × target.
 */
export function driftCtes(accounts: Prisma.Sql, page?: Page): Prisma.Sql {
  return Prisma.sql`
    acct AS (
      SELECT ia."id", ia."modelVersionId" AS version, mv."driftBand" AS band
      FROM "InvestmentAccount" ia JOIN "ModelVersion" mv ON mv."id" = ia."modelVersionId"
      WHERE ${accounts}
      ${page ? Prisma.sql`AND (${page.after}::uuid IS NULL OR ia."id" > ${page.after}::uuid) ORDER BY ia."id" LIMIT ${page.limit}` : Prisma.empty}
    ), prices AS (
      SELECT s."symbol", p."price" FROM "Asset" s JOIN "AssetPrice" p ON p."assetId" = s."id"
    ), targets AS (
      SELECT w."versionId" AS version, s."symbol", w."weight" FROM "ModelWeight" w JOIN "Asset" s ON s."id" = w."assetId"
    ), vals AS (
      SELECT h."investmentAccountId" AS id, acct.version, h."symbol", h."quantity" * prices."price" AS value
      FROM "Holding" h JOIN acct ON acct.id = h."investmentAccountId" JOIN prices ON prices."symbol" = h."symbol"
      WHERE h."quantity" > 0
    ), cash AS (
      SELECT la."investmentAccountId" AS id, la."balance" / 100.0 AS value
      FROM "LedgerAccount" la JOIN acct ON acct.id = la."investmentAccountId"
      WHERE la."kind" = 'INVESTOR_CASH' AND la."balance" > 0
    ), totals AS (
      SELECT id, sum(value) AS total FROM (SELECT id, value FROM vals UNION ALL SELECT id, value FROM cash) v GROUP BY id
    ), held AS (
      SELECT v.id, sum(abs(v.value / t.total - coalesce(tg."weight", 0))) AS gap, sum(coalesce(tg."weight", 0)) AS covered
      FROM vals v JOIN totals t ON t.id = v.id LEFT JOIN targets tg ON tg.version = v.version AND tg."symbol" = v."symbol"
      GROUP BY v.id
    ), drift AS (
      SELECT t.id, (coalesce(h.gap, 0) + 1 - coalesce(h.covered, 0) + coalesce(c.value, 0) / t.total) / 2 AS drift
      FROM totals t LEFT JOIN held h ON h.id = t.id LEFT JOIN cash c ON c.id = t.id
      WHERE t.total > 0
    )`;
}

/** Only active accounts are rebalanced, and counted as outside their band. */
export const ACTIVE = Prisma.sql`ia."status" = 'ACTIVE'`;

/** A slice of the accounts in id order, for sweeps that go through them a page per step. */
export interface Page {
  /** The last account id of the previous page (null for the first). */
  after: string | null;
  limit: number;
}

/** What a page found, and where the next one starts (null: this was the last). */
export interface PageOf<T> {
  found: T[];
  last: string | null;
}

/** Every active account following a model whose drift is outside its model's band: one set-based query. */
export async function accountsOutsideBand(): Promise<DriftedAccount[]> {
  const rows = await db.$queryRaw<{ id: string; drift: string; band: string }[]>`
    WITH ${driftCtes(ACTIVE)}
    SELECT d.id, d.drift::text AS drift, acct.band::text AS band
    FROM drift d JOIN acct ON acct.id = d.id
    WHERE d.drift > acct.band`;
  return rows.map((row) => ({ investmentAccountId: row.id, drift: new Decimal(row.drift), band: new Decimal(row.band) }));
}

/** The accounts outside their band among one page of the active accounts that follow a model. */
export async function accountsOutsideBandIn(page: Page): Promise<PageOf<DriftedAccount>> {
  const rows = await db.$queryRaw<{ last: string | null; id: string | null; drift: string | null; band: string | null }[]>`
    WITH ${driftCtes(ACTIVE, page)}, page_end AS (SELECT max(id::text) AS last, count(*) AS n FROM acct)
    SELECT CASE WHEN page_end.n = ${page.limit} THEN page_end.last END AS last, d.id::text AS id, d.drift::text AS drift, acct.band::text AS band
    FROM page_end LEFT JOIN (drift d JOIN acct ON acct.id = d.id AND d.drift > acct.band) ON TRUE
    ORDER BY d.id`;
  return {
    last: rows[0]?.last ?? null,
    found: rows
      .filter((row) => row.id !== null)
      .map((row) => ({ investmentAccountId: row.id!, drift: new Decimal(row.drift!), band: new Decimal(row.band!) })),
  };
}

/**
 * Active accounts of verified investors with a model and at least `minimum` cents of available cash that no run
 * is working on or waiting for: money a missed event left uninvested. A page of accounts at a time, in id order.
 */
export async function accountsWithIdleCash(minimum: bigint, page: Page = { after: null, limit: 1_000_000 }): Promise<PageOf<string>> {
  const rows = await db.$queryRaw<{ id: string; idle: boolean }[]>`
    SELECT ia."id"::text AS id, (la."balance" >= ${minimum}
      AND EXISTS (SELECT 1 FROM "KycProfile" k WHERE k."userId" = ia."userId" AND k."status" = 'APPROVED')
      AND NOT EXISTS (SELECT 1 FROM "AccountRunLock" l WHERE l."investmentAccountId" = ia."id")
      AND NOT EXISTS (SELECT 1 FROM "AccountRunQueue" q WHERE q."investmentAccountId" = ia."id")) AS idle
    FROM "InvestmentAccount" ia
    JOIN "LedgerAccount" la ON la."investmentAccountId" = ia."id" AND la."kind" = 'INVESTOR_CASH'
    WHERE ia."status" = 'ACTIVE' AND ia."modelVersionId" IS NOT NULL
      AND (${page.after}::uuid IS NULL OR ia."id" > ${page.after}::uuid)
    ORDER BY ia."id"
    LIMIT ${page.limit}`;
  return { found: rows.filter((row) => row.idle).map((row) => row.id), last: rows.length === page.limit ? rows.at(-1)!.id : null };
}
