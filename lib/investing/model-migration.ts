/**
 * Moving the accounts that follow a model to its newly published version, a batch at a time: set-based (one
 * statement each to lock and move the batch, write its audit records and its events), so 200,000 accounts take
 * minutes, not hours. Each moved account is audited ACCOUNT_MODEL_CHANGED and announced with an
 * `account/model.changed` outbox event (in the same transaction), which the rebalance workflow trades on.
 */
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

export interface MigrationBatch {
  moved: number;
  /** The last account id of the batch, where the next starts; null when no account is left. */
  last: string | null;
  /** The outbox events written, to send once this has committed. */
  outboxIds: string[];
  /** A newer version exists: its own migration takes over, and this one moves nobody. */
  superseded: boolean;
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
      const target = await tx.modelVersion.findUniqueOrThrow({ where: { id: versionId }, select: { id: true, version: true, modelId: true, model: { select: { slug: true } } } });
      if (await tx.modelVersion.count({ where: { modelId: target.modelId, version: { gt: target.version } } })) {
        return { moved: 0, last: null, outboxIds: [], superseded: true };
      }
      const accounts = await tx.$queryRaw<{ id: string; previous: string }[]>`
        SELECT ia."id"::text AS id, ia."modelVersionId"::text AS previous
        FROM "InvestmentAccount" ia JOIN "ModelVersion" mv ON mv."id" = ia."modelVersionId"
        WHERE mv."modelId" = ${target.modelId}::uuid AND mv."version" < ${target.version}
          AND (${batch.after}::uuid IS NULL OR ia."id" > ${batch.after}::uuid)
        ORDER BY ia."id"
        LIMIT ${batch.limit}
        FOR NO KEY UPDATE OF ia`;
      if (accounts.length === 0) return { moved: 0, last: null, outboxIds: [], superseded: false };
      const ids = accounts.map((account) => account.id);
      await tx.$executeRaw`UPDATE "InvestmentAccount" SET "modelVersionId" = ${target.id}::uuid WHERE "id" = ANY(${ids}::uuid[])`;
      const reason = `version ${target.version} published`;
      await tx.auditLog.createMany({
        data: accounts.map((account) => ({
          action: "ACCOUNT_MODEL_CHANGED" as const,
          actorId: batch.actorId,
          targetType: "InvestmentAccount",
          targetId: account.id,
          details: { from: account.previous, to: target.id, model: target.model.slug, reason } satisfies Prisma.InputJsonObject,
        })),
      });
      const events = await tx.outboxEvent.createManyAndReturn({
        data: accounts.map((account) => ({
          name: "account/model.changed",
          data: { investmentAccountId: account.id, modelVersionId: target.id, previousModelVersionId: account.previous },
        })),
        select: { id: true },
      });
      return { moved: accounts.length, last: accounts.length === batch.limit ? accounts.at(-1)!.id : null, outboxIds: events.map((e) => e.id), superseded: false };
    },
    // A few statements per batch, but a thousand rows each: allow for a database a few milliseconds away.
    { timeout: 60_000 },
  );
}
