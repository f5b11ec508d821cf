/**
 * A change of an account's model, previewed before anything trades: proposed (the preview as shown is kept, with
 * the prices it used), then confirmed (the model switches and the rebalance trades) or declined; a preview older
 * than PROPOSAL_LIFETIME_MS, or whose prices have since moved more than REPRICE_THRESHOLD, cannot be confirmed.
 * Who may see or answer a proposal is the caller's business (risk-profile.ts for the investor, advisor/workspace.ts
 * for the advisor); this module checks only that the one answering is the one who asked.
 */
import Decimal from "decimal.js";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { db, type Tx } from "../db";
import { Conflict, NotFound } from "../errors";
import type { ModelChangeStatus } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { investorBalances } from "../ledger/accounts";
import { formatMoney } from "../money";
import { notify } from "../notifications/notify";
import { switchAccountModel } from "./account-model";
import { largestPriceMove, previewModelChange, type ModelChangePreview } from "./model-change-preview";
import { modelVersion, targetsOf, type ModelView } from "./models";
import { positionsOf } from "./rebalance";

/** Prices move: a preview can be confirmed for 30 minutes. */
export const PROPOSAL_LIFETIME_MS = 30 * 60 * 1000;
/** A confirmation after any price used moved more than 2% shows a fresh preview instead of trading. */
export const REPRICE_THRESHOLD = new Decimal("0.02");

export interface ModelChangeView {
  id: string;
  investmentAccountId: string;
  status: ModelChangeStatus;
  /** Proposed and still within its lifetime. */
  open: boolean;
  from: ModelView | null;
  to: ModelView;
  byAdvisor: boolean;
  reason: string | null;
  preview: ModelChangePreview;
  createdAt: Date;
  expiresAt: Date;
}

const bigints = ["total", "cash", "value", "amount", "shortTermGain", "longTermGain", "shortTerm", "longTerm", "estimatedTax"];
const decimals = ["weight", "targetNow", "targetNew", "quantity", "price"];

function previewToJson(preview: ModelChangePreview): unknown {
  return JSON.parse(JSON.stringify(preview, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)));
}

function previewFromJson(json: unknown): ModelChangePreview {
  return JSON.parse(JSON.stringify(json), (key, value: unknown) => {
    if (typeof value === "string" && bigints.includes(key)) return BigInt(value);
    if (typeof value === "string" && decimals.includes(key)) return new Decimal(value);
    return value;
  }) as ModelChangePreview;
}

/** The preview of moving the account to `to` at today's prices and lots. */
export async function previewForAccount(client: Tx | typeof db, investmentAccountId: string, from: ModelView | null, to: ModelView, now: Date): Promise<ModelChangePreview> {
  const [cash, positions, lots] = await Promise.all([
    investorBalances(investmentAccountId).then((b) => b.INVESTOR_CASH),
    positionsOf(investmentAccountId),
    client.taxLot.findMany({ where: { investmentAccountId, remainingQuantity: { gt: 0 } } }),
  ]);
  return previewModelChange(
    cash,
    positions,
    lots.map((lot) => ({
      id: lot.id,
      symbol: lot.symbol,
      acquiredAt: lot.acquiredAt,
      remainingQuantity: new Decimal(lot.remainingQuantity.toString()),
      costPerShare: new Decimal(lot.costPerShare.toString()),
    })),
    from ? targetsOf(from) : [],
    targetsOf(to),
    now,
  );
}

/** Whether the account holds any shares: a model change on an account that holds none sells nothing, so needs no preview. */
export async function holdsShares(client: Tx | typeof db, investmentAccountId: string): Promise<boolean> {
  return (await client.holding.count({ where: { investmentAccountId, quantity: { gt: 0 } } })) > 0;
}

/**
 * Records a preview of moving the account to `to` (audited), replacing any earlier open one for the account, in the
 * caller's transaction. Returns the proposal's id.
 */
export async function proposeModelChange(
  tx: Tx,
  change: { investmentAccountId: string; fromVersionId: string | null; to: ModelView; requestedById: string; context: RequestContext },
): Promise<string> {
  const now = new Date();
  const from = change.fromVersionId ? await modelVersion(change.fromVersionId) : null;
  const preview = await previewForAccount(tx, change.investmentAccountId, from, change.to, now);
  await tx.modelChangeProposal.updateMany({
    where: { investmentAccountId: change.investmentAccountId, status: "PROPOSED" },
    data: { status: "CANCELLED", decidedAt: now },
  });
  const proposal = await tx.modelChangeProposal.create({
    data: {
      investmentAccountId: change.investmentAccountId,
      fromVersionId: change.fromVersionId,
      toVersionId: change.to.versionId,
      requestedById: change.requestedById,
      preview: previewToJson(preview) as object,
      expiresAt: new Date(now.getTime() + PROPOSAL_LIFETIME_MS),
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    action: "MODEL_CHANGE_PROPOSED",
    actorId: change.requestedById,
    target: { type: "InvestmentAccount", id: change.investmentAccountId },
    context: change.context,
    details: {
      proposalId: proposal.id,
      from: change.fromVersionId,
      to: change.to.versionId,
      model: change.to.slug,
      sells: preview.sells.length,
      buys: preview.buys.length,
      estimatedGain: { shortTerm: preview.realised.shortTerm.toString(), longTerm: preview.realised.longTerm.toString() },
    },
  });
  return proposal.id;
}

/** A proposal on one of `accountIds` (the caller's reach), or NotFound. */
export async function modelChangeOf(proposalId: string, accountIds: readonly string[]): Promise<ModelChangeView> {
  if (!z.uuid().safeParse(proposalId).success) throw new NotFound("No such preview.");
  const row = await db.modelChangeProposal.findFirst({
    where: { id: proposalId, investmentAccountId: { in: [...accountIds] } },
    include: { requestedBy: { select: { role: true } } },
  });
  if (!row) throw new NotFound("No such preview.");
  const [from, to] = await Promise.all([row.fromVersionId ? modelVersion(row.fromVersionId) : null, modelVersion(row.toVersionId)]);
  return {
    id: row.id,
    investmentAccountId: row.investmentAccountId,
    status: row.status,
    open: row.status === "PROPOSED" && row.expiresAt.getTime() > Date.now(),
    from,
    to: to!,
    byAdvisor: row.requestedBy.role !== "INVESTOR",
    reason: row.reason,
    preview: previewFromJson(row.preview),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/** The account's newest open proposal, if any (to send the investor back to it). */
export async function openModelChangeOf(investmentAccountId: string): Promise<string | null> {
  const row = await db.modelChangeProposal.findFirst({
    where: { investmentAccountId, status: "PROPOSED", expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return row?.id ?? null;
}

export type ConfirmOutcome =
  | { outcome: "confirmed"; outboxIds: string[] }
  /** Prices moved too much: a fresh preview replaces this one. */
  | { outcome: "repriced"; proposalId: string }
  /** Too old, or the account's model changed since: nothing happened. */
  | { outcome: "expired"; message: string };

async function lockOpen(tx: Tx, proposalId: string, investmentAccountId: string, actorId: string) {
  if (!z.uuid().safeParse(proposalId).success) throw new NotFound("No such preview.");
  const [row] = await tx.$queryRaw<{ id: string; status: ModelChangeStatus; expiresAt: Date; fromVersionId: string | null; toVersionId: string; requestedById: string; preview: unknown }[]>`
    SELECT "id", "status", "expiresAt", "fromVersionId", "toVersionId", "requestedById", "preview"
    FROM "ModelChangeProposal" WHERE "id" = ${proposalId}::uuid AND "investmentAccountId" = ${investmentAccountId}::uuid FOR UPDATE`;
  if (!row) throw new NotFound("No such preview.");
  if (row.requestedById !== actorId) throw new NotFound("No such preview.");
  if (row.status === "CONFIRMED") throw new Conflict("This change was already confirmed: the rebalance is under way or done.");
  if (row.status === "CANCELLED") throw new Conflict("This preview was closed: nothing was traded. Start again to see a new one.");
  if (row.status === "EXPIRED") throw new Conflict("This preview has expired: nothing was traded. Start again to see a new one.");
  return row;
}

/**
 * Confirms a proposal: the account switches to the proposed model (audited, which starts the rebalance), in one
 * transaction with the proposal's answer. Refused (Conflict) when already answered; "expired" when too old, or the
 * account's model changed since, or a newer version of the proposed model was published; "repriced" (with a fresh preview) when prices moved more than REPRICE_THRESHOLD.
 * An advisor's confirmation carries their reason, which the investor is told.
 */
export async function confirmModelChange(
  proposalId: string,
  answer: { investmentAccountId: string; actorId: string; context: RequestContext; reason: string | null },
): Promise<ConfirmOutcome> {
  return db.$transaction(async (tx) => {
    const row = await lockOpen(tx, proposalId, answer.investmentAccountId, answer.actorId);
    const now = new Date();
    const expire = async (message: string): Promise<ConfirmOutcome> => {
      await tx.modelChangeProposal.update({ where: { id: row.id }, data: { status: "EXPIRED", decidedAt: now } });
      return { outcome: "expired", message };
    };
    if (row.expiresAt.getTime() <= now.getTime()) return expire("This preview has expired (prices move): nothing was traded. Start again to see a new one.");
    const account = await tx.investmentAccount.findUniqueOrThrow({ where: { id: answer.investmentAccountId }, select: { modelVersionId: true, userId: true, currency: true } });
    if (account.modelVersionId !== row.fromVersionId) return expire("The portfolio changed since this preview: nothing was traded. Start again to see a new one.");
    const to = (await modelVersion(row.toVersionId))!;
    if (await tx.modelVersion.count({ where: { modelId: to.id, version: { gt: to.version } } })) {
      return expire(`A newer version of ${to.name} was published since this preview: nothing was traded. Start again to see it.`);
    }
    const preview = previewFromJson(row.preview);
    const assets = await tx.asset.findMany({ where: { symbol: { in: Object.keys(preview.prices) } }, include: { price: true } });
    const today = Object.fromEntries(assets.flatMap((a) => (a.price ? [[a.symbol, a.price.price.toString()]] : [])));
    if (largestPriceMove(preview.prices, today).greaterThan(REPRICE_THRESHOLD)) {
      await tx.modelChangeProposal.update({ where: { id: row.id }, data: { status: "EXPIRED", decidedAt: now } });
      const fresh = await proposeModelChange(tx, { investmentAccountId: answer.investmentAccountId, fromVersionId: row.fromVersionId, to, requestedById: answer.actorId, context: answer.context });
      return { outcome: "repriced", proposalId: fresh };
    }
    await tx.modelChangeProposal.update({ where: { id: row.id }, data: { status: "CONFIRMED", decidedAt: now, reason: answer.reason } });
    await recordAudit(tx, {
      action: "MODEL_CHANGE_CONFIRMED",
      actorId: answer.actorId,
      target: { type: "InvestmentAccount", id: answer.investmentAccountId },
      context: answer.context,
      details: { proposalId: row.id, to: row.toVersionId, model: to.slug, reason: answer.reason },
    });
    const switched = await switchAccountModel(tx, {
      investmentAccountId: answer.investmentAccountId,
      modelVersionId: to.versionId,
      modelSlug: to.slug,
      actorId: answer.actorId,
      context: answer.context,
      reason: answer.reason ? `advisor: ${answer.reason}` : "risk questionnaire",
    });
    const told = answer.reason
      ? await notify(tx, {
          userId: account.userId,
          kind: "REBALANCE",
          title: `Your advisor moved your account to ${to.name}`,
          body: `Reason: ${answer.reason}. About ${formatMoney(preview.sells.reduce((sum, s) => sum + s.amount, 0n), account.currency)} will be sold and reinvested to match it.`,
          link: "/portfolio",
          dedupeKey: `model-change-confirmed:${row.id}`,
        })
      : [];
    return { outcome: "confirmed", outboxIds: [...(switched ? [switched] : []), ...told] };
  });
}

/** Declines a proposal (audited): nothing trades. Refused when already answered. */
export async function declineModelChange(proposalId: string, answer: { investmentAccountId: string; actorId: string; context: RequestContext }): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await lockOpen(tx, proposalId, answer.investmentAccountId, answer.actorId);
    await tx.modelChangeProposal.update({ where: { id: row.id }, data: { status: "CANCELLED", decidedAt: new Date() } });
    await recordAudit(tx, {
      action: "MODEL_CHANGE_DECLINED",
      actorId: answer.actorId,
      target: { type: "InvestmentAccount", id: answer.investmentAccountId },
      context: answer.context,
      details: { proposalId: row.id, to: row.toVersionId },
    });
  });
}
