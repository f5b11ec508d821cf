/**
 * Moving the accounts that follow a model to its newly published version, a batch at a time: set-based (one
 * statement each to lock and move the batch, write its audit records and its events), so 200,000 accounts take
 * minutes, not hours. Each moved account is audited ACCOUNT_MODEL_CHANGED and announced with an
 * `account/model.changed` outbox event (in the same transaction), which the rebalance workflow trades on. The
 * audit records and events are written set-based, not through recordAudit/enqueue one row at a time.
 */
import { db } from "../db";
import { uuidv7Series } from "../outbox/event-ids";

export interface MigrationBatch {
  moved: number;
  /** The last account id of the batch, where the next starts; null when no account is left. */
  last: string | null;
  /** The outbox events written, to send once this has committed. */
  outboxIds: string[];
  /** A newer version exists: its own migration takes over, and this one moves nobody. */
  superseded: boolean;
  /** The version's scheduled migration was called off (model-migration-schedule.ts): nobody moves. */
  canceled: boolean;
}

/**
 * Moves one batch of the accounts following an older version of the model to `versionId` (keyset by account id,
 * after `after`). Accounts are selected by the version they follow, not by position alone, and locked with the
 * version re-checked under the lock, so running a batch again (a retried step) moves nobody twice and an account
 * an advisor moved meanwhile is left alone.
 */
export async function moveAccountsToVersion(versionId: string, batch: { after: string | null; limit: number; actorId: string }): Promise<MigrationBatch> {
  return db.$transaction(
    async (tx) => {
      // Read under a share lock, so a cancellation of the schedule either comes first (and is seen) or waits for this batch.
      const [target] = await tx.$queryRaw<{ id: string; version: number; modelId: string; slug: string; canceled: boolean }[]>`
        SELECT v."id", v."version", v."modelId", m."slug", v."migrationCanceledAt" IS NOT NULL AS canceled
        FROM "ModelVersion" v JOIN "ModelPortfolio" m ON m."id" = v."modelId" WHERE v."id" = ${versionId}::uuid FOR SHARE OF v`;
      if (!target) throw new Error(`no model version ${versionId}`);
      if (target.canceled) return { moved: 0, last: null, outboxIds: [], superseded: false, canceled: true };
      if (await tx.modelVersion.count({ where: { modelId: target.modelId, version: { gt: target.version } } })) {
        return { moved: 0, last: null, outboxIds: [], superseded: true, canceled: false };
      }
      // Accounts of the model's older versions in id order: an index range per version (modelVersionId, id),
      // merged, so a page costs the same whether the model has ten accounts or a million.
      const accounts = await tx.$queryRaw<{ id: string; previous: string }[]>`
        SELECT ia."id"::text AS id, ia."modelVersionId"::text AS previous
        FROM "InvestmentAccount" ia
        WHERE ia."modelVersionId" IN (SELECT "id" FROM "ModelVersion" WHERE "modelId" = ${target.modelId}::uuid AND "version" < ${target.version})
          AND (${batch.after}::uuid IS NULL OR ia."id" > ${batch.after}::uuid)
        ORDER BY ia."id"
        LIMIT ${batch.limit}
        FOR NO KEY UPDATE OF ia`;
      if (accounts.length === 0) return { moved: 0, last: null, outboxIds: [], superseded: false, canceled: false };
      const reason = `version ${target.version} published`;
      // Move, audit and announce the batch in one statement.
      const events = await tx.$queryRaw<{ id: string }[]>`
        WITH batch AS (
          SELECT * FROM unnest(${accounts.map((a) => a.id)}::uuid[], ${accounts.map((a) => a.previous)}::uuid[], ${uuidv7Series(accounts.length)}::uuid[])
            AS b(id, previous, event_id)
        ), moved AS (
          UPDATE "InvestmentAccount" ia SET "modelVersionId" = ${target.id}::uuid FROM batch WHERE ia."id" = batch.id
          RETURNING ia."id", batch.previous, batch.event_id
        ), audited AS (
          INSERT INTO "AuditLog" ("action", "actorId", "targetType", "targetId", "details")
          SELECT 'ACCOUNT_MODEL_CHANGED', ${batch.actorId}::uuid, 'InvestmentAccount', moved."id"::text,
                 jsonb_build_object('from', moved.previous::text, 'to', ${target.id}::text, 'model', ${target.slug}::text, 'reason', ${reason}::text)
          FROM moved
        )
        INSERT INTO "OutboxEvent" ("id", "name", "data")
        SELECT moved.event_id, 'account/model.changed',
               jsonb_build_object('investmentAccountId', moved."id"::text, 'modelVersionId', ${target.id}::text, 'previousModelVersionId', moved.previous::text)
        FROM moved
        RETURNING "id"::text AS id`;
      return { moved: accounts.length, last: accounts.length === batch.limit ? accounts.at(-1)!.id : null, outboxIds: events.map((e) => e.id), superseded: false, canceled: false };
    },
    // A few statements per batch, but a thousand rows each: allow for a database a few milliseconds away.
    { timeout: 60_000 },
  );
}
