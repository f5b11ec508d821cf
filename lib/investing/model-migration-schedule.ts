/**
 * Before a model version is published: how many accounts follow older versions of the model and how much money
 * moving them would trade; and calling off a migration scheduled for a later date.
 */
import Decimal from "decimal.js";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { enqueue } from "../outbox/outbox";
import { canManageModels, parseModelEdit } from "./models";

export interface MigrationImpact {
  /** Accounts following an older version of the model. */
  accounts: number;
  /**
   * Estimated money traded (cents): per account, what the buys to the new weights need (Σ max(0, weight × value −
   * holding)) plus what must be sold for it beyond the account's cash, at the latest prices. An estimate: the
   * planner's $1 minimum order and rounding are left out.
   */
  traded: bigint;
}

/** One set-based query over the model's accounts (see the note in docs/workflows.md for its cost at 100,000 accounts). */
export async function migrationImpact(modelId: string, weights: Map<string, Decimal>): Promise<MigrationImpact> {
  const symbols = [...weights.keys()];
  const fractions = [...weights.values()].map((w) => w.toFixed());
  const [row] = await db.$queryRaw<{ accounts: bigint; traded: string | null }[]>`
    WITH acct AS (
      SELECT ia."id" FROM "InvestmentAccount" ia
      WHERE ia."modelVersionId" IN (SELECT "id" FROM "ModelVersion" WHERE "modelId" = ${modelId}::uuid)
    ), targets AS (
      SELECT * FROM unnest(${symbols}::text[], ${fractions}::numeric[]) AS t("symbol", "weight")
    ), vals AS (
      SELECT h."investmentAccountId" AS id, h."symbol", h."quantity" * p."price" AS value
      FROM "Holding" h JOIN acct ON acct."id" = h."investmentAccountId"
      JOIN "Asset" s ON s."symbol" = h."symbol" JOIN "AssetPrice" p ON p."assetId" = s."id"
      WHERE h."quantity" > 0
    ), cash AS (
      SELECT la."investmentAccountId" AS id, la."balance" / 100.0 AS value
      FROM "LedgerAccount" la JOIN acct ON acct."id" = la."investmentAccountId"
      WHERE la."kind" = 'INVESTOR_CASH' AND la."balance" > 0
    ), totals AS (
      SELECT id, sum(value) AS total FROM (SELECT id, value FROM vals UNION ALL SELECT id, value FROM cash) v GROUP BY id
    ), shortfalls AS (
      SELECT t.id, sum(greatest(tg."weight" * t.total - coalesce(v.value, 0), 0)) AS shortfall
      FROM totals t CROSS JOIN targets tg LEFT JOIN vals v ON v.id = t.id AND v."symbol" = tg."symbol"
      GROUP BY t.id
    )
    SELECT (SELECT count(*) FROM acct) AS accounts,
      sum(s.shortfall + greatest(s.shortfall - coalesce(c.value, 0), 0))::text AS traded
    FROM shortfalls s LEFT JOIN cash c ON c.id = s.id`;
  const traded = new Decimal(row?.traded ?? 0).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return { accounts: Number(row?.accounts ?? 0), traded: BigInt(traded.toFixed(0)) };
}


/** The effect of publishing this edit of a model (the form's preview): who may publish may preview. */
export async function publishImpact(actor: CurrentUser, modelId: string, input: unknown): Promise<MigrationImpact> {
  if (!(await canManageModels(actor))) throw new Forbidden("You can view models, but not edit them: ask an admin for the permission.");
  if (!z.uuid().safeParse(modelId).success) throw new NotFound("No such model.");
  const assets = await db.asset.findMany({ where: { active: true }, select: { symbol: true } });
  const edit = parseModelEdit(input, assets.map((asset) => asset.symbol));
  return migrationImpact(modelId, edit.weights);
}

/**
 * Calls off a version's scheduled migration before it starts (audited): nobody moves to it by that schedule, and
 * `model/migration.canceled` (through the outbox) ends the waiting run. Accounts stay on their versions until a
 * newer version is published.
 */
export async function cancelScheduledMigration(actor: CurrentUser, versionId: string, context: RequestContext): Promise<{ outboxId: string; name: string; version: number }> {
  if (!(await canManageModels(actor))) throw new Forbidden("You can view models, but not edit them: ask an admin for the permission.");
  if (!z.uuid().safeParse(versionId).success) throw new NotFound("No such model version.");
  return db.$transaction(async (tx) => {
    const [version] = await tx.$queryRaw<{ id: string; modelId: string; version: number; migrateAt: Date | null; migrationCanceledAt: Date | null; name: string }[]>`
      SELECT v."id", v."modelId", v."version", v."migrateAt", v."migrationCanceledAt", m."name"
      FROM "ModelVersion" v JOIN "ModelPortfolio" m ON m."id" = v."modelId" WHERE v."id" = ${versionId}::uuid FOR UPDATE OF v`;
    if (!version) throw new NotFound("No such model version.");
    if (version.migrationCanceledAt) throw new Conflict(`The move to ${version.name} version ${version.version} was already canceled.`);
    if (!version.migrateAt || version.migrateAt.getTime() <= Date.now()) {
      throw new Conflict(`The move to ${version.name} version ${version.version} has started: it can no longer be canceled.`);
    }
    await tx.modelVersion.update({ where: { id: version.id }, data: { migrationCanceledAt: new Date() } });
    await recordAudit(tx, {
      action: "MODEL_MIGRATION_CANCELED",
      actorId: actor.id,
      target: { type: "ModelPortfolio", id: version.modelId },
      context,
      details: { versionId: version.id, version: version.version, migrateAt: version.migrateAt.toISOString() },
    });
    const outboxId = await enqueue(tx, { name: "model/migration.canceled", data: { modelId: version.modelId, versionId: version.id } });
    return { outboxId, name: version.name, version: version.version };
  });
}
