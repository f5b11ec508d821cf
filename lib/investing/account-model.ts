import { recordAudit } from "../audit/record";
import type { Tx } from "../db";
import type { RequestContext } from "../http/request-context";
import { enqueue } from "../outbox/outbox";

/**
 * Points the account at a model version, audited, and announces it through the outbox so the rebalance
 * workflow moves the holdings: inside the caller's transaction. Returns the outbox event's id, or null when
 * the account already follows that version (nothing to do).
 */
export async function switchAccountModel(
  tx: Tx,
  change: { investmentAccountId: string; modelVersionId: string; modelSlug: string; actorId: string; context: RequestContext; reason: string },
): Promise<string | null> {
  // Locked, so two changes at once apply one after the other and each records the version it replaced.
  const [current] = await tx.$queryRaw<{ modelVersionId: string | null }[]>`
    SELECT "modelVersionId" FROM "InvestmentAccount" WHERE "id" = ${change.investmentAccountId}::uuid FOR UPDATE`;
  if (!current) throw new Error(`no investment account ${change.investmentAccountId}`);
  if (current.modelVersionId === change.modelVersionId) return null;
  await tx.investmentAccount.update({ where: { id: change.investmentAccountId }, data: { modelVersionId: change.modelVersionId } });
  await recordAudit(tx, {
    action: "ACCOUNT_MODEL_CHANGED",
    actorId: change.actorId,
    target: { type: "InvestmentAccount", id: change.investmentAccountId },
    context: change.context,
    details: { from: current.modelVersionId, to: change.modelVersionId, model: change.modelSlug, reason: change.reason },
  });
  return enqueue(tx, {
    name: "account/model.changed",
    data: { investmentAccountId: change.investmentAccountId, modelVersionId: change.modelVersionId, previousModelVersionId: current.modelVersionId },
  });
}
