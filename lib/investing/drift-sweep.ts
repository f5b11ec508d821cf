import Decimal from "decimal.js";
import { db } from "../db";

export interface DriftedAccount {
  investmentAccountId: string;
  drift: Decimal;
  band: Decimal;
}

/**
 * Every active account following a model whose drift (sum of |weight − target| / 2 at the latest prices,
 * uninvested cash counted at a 0% target) is outside its model's band: one set-based query over all accounts.
 */
export async function accountsOutsideBand(): Promise<DriftedAccount[]> {
  const rows = await db.$queryRaw<{ id: string; drift: string; band: string }[]>`
    WITH acct AS (
      SELECT "id", "modelVersionId" AS version FROM "InvestmentAccount"
      WHERE "status" = 'ACTIVE' AND "modelVersionId" IS NOT NULL
    ), held AS (
      SELECT h."investmentAccountId" AS id, h."symbol", h."quantity" * p."price" AS value
      FROM "Holding" h
      JOIN acct ON acct.id = h."investmentAccountId"
      JOIN "Asset" s ON s."symbol" = h."symbol"
      JOIN "AssetPrice" p ON p."assetId" = s."id"
      WHERE h."quantity" > 0
    ), cash AS (
      SELECT la."investmentAccountId" AS id, la."balance" / 100.0 AS value
      FROM "LedgerAccount" la JOIN acct ON acct.id = la."investmentAccountId"
      WHERE la."kind" = 'INVESTOR_CASH' AND la."balance" > 0
    ), totals AS (
      SELECT id, sum(value) AS total FROM (SELECT id, value FROM held UNION ALL SELECT id, value FROM cash) v GROUP BY id
    ), targets AS (
      SELECT acct.id, s."symbol", w."weight"
      FROM acct JOIN "ModelWeight" w ON w."versionId" = acct.version JOIN "Asset" s ON s."id" = w."assetId"
      WHERE acct.id IN (SELECT id FROM totals)
    ), gaps AS (
      SELECT coalesce(h.id, t.id) AS id, abs(coalesce(h.value / tot.total, 0) - coalesce(t."weight", 0)) AS gap
      FROM (held h JOIN totals tot ON tot.id = h.id)
      FULL JOIN targets t ON t.id = h.id AND t."symbol" = h."symbol"
      UNION ALL
      SELECT c.id, c.value / tot.total FROM cash c JOIN totals tot ON tot.id = c.id
    )
    SELECT g.id, (sum(g.gap) / 2)::text AS drift, mv."driftBand"::text AS band
    FROM gaps g JOIN acct ON acct.id = g.id JOIN "ModelVersion" mv ON mv."id" = acct.version
    GROUP BY g.id, mv."driftBand"
    HAVING sum(g.gap) / 2 > mv."driftBand"`;
  return rows.map((row) => ({ investmentAccountId: row.id, drift: new Decimal(row.drift), band: new Decimal(row.band) }));
}

/**
 * Active accounts with a model and at least `minimum` cents of available cash that no run is working on:
 * money a missed event left uninvested.
 */
export async function accountsWithIdleCash(minimum: bigint): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT ia."id" FROM "InvestmentAccount" ia
    JOIN "LedgerAccount" la ON la."investmentAccountId" = ia."id" AND la."kind" = 'INVESTOR_CASH'
    WHERE ia."status" = 'ACTIVE' AND ia."modelVersionId" IS NOT NULL AND la."balance" >= ${minimum}
      AND NOT EXISTS (SELECT 1 FROM "AccountRunLock" l WHERE l."investmentAccountId" = ia."id")
    ORDER BY ia."id"`;
  return rows.map((row) => row.id);
}
