/**
 * Staff with the model permission (canManageModels) publish a model as a public strategy, with the description
 * investors read, or take it back; each change is audited in its own transaction. Unpublishing moves nobody: the
 * accounts on the model stay on it (it is still a model), it is only no longer offered to follow.
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { canManageModels } from "../investing/models";
import { parseInput } from "../validation";
import { followerCounts } from "./views";

export const DESCRIPTION_LENGTH = { min: 20, max: 600 } as const;

const publishInput = z.object({
  description: z
    .string({ error: "Describe the strategy for investors." })
    .trim()
    .min(DESCRIPTION_LENGTH.min, { error: `Describe the strategy in at least ${DESCRIPTION_LENGTH.min} characters.` })
    .max(DESCRIPTION_LENGTH.max, { error: `Keep the description under ${DESCRIPTION_LENGTH.max} characters.` }),
});

async function assertMayPublish(actor: CurrentUser): Promise<void> {
  if (!(await canManageModels(actor))) throw new Forbidden("You can view models, but not publish strategies: ask an admin for the permission.");
}

const modelId = (id: string) => {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw new NotFound("No such model.");
  return parsed.data;
};

/** Publishes the model as a strategy, or changes a published strategy's description; refused when nothing changes. */
export async function publishStrategy(actor: CurrentUser, id: string, input: unknown, context: RequestContext): Promise<{ name: string }> {
  await assertMayPublish(actor);
  const { description } = parseInput(publishInput, input);
  return db.$transaction(async (tx) => {
    const [model] = await tx.$queryRaw<{ id: string; slug: string; name: string; strategyPublishedAt: Date | null; strategyDescription: string | null }[]>`
      SELECT "id", "slug", "name", "strategyPublishedAt", "strategyDescription" FROM "ModelPortfolio" WHERE "id" = ${modelId(id)}::uuid FOR UPDATE`;
    if (!model) throw new NotFound("No such model.");
    if (model.strategyPublishedAt && model.strategyDescription === description) throw new Conflict(`${model.name} is already a public strategy with this description.`);
    await tx.modelPortfolio.update({
      where: { id: model.id },
      data: { strategyPublishedAt: model.strategyPublishedAt ?? new Date(), strategyPublishedById: actor.id, strategyDescription: description },
    });
    await recordAudit(tx, {
      action: "STRATEGY_PUBLISHED",
      actorId: actor.id,
      target: { type: "ModelPortfolio", id: model.id },
      context,
      details: { model: model.slug, description: { from: model.strategyDescription, to: description }, wasPublic: model.strategyPublishedAt !== null },
    });
    return { name: model.name };
  });
}

/** Takes a strategy off the public list (its followers stay on the model). */
export async function unpublishStrategy(actor: CurrentUser, id: string, context: RequestContext): Promise<{ name: string }> {
  await assertMayPublish(actor);
  return db.$transaction(async (tx) => {
    const [model] = await tx.$queryRaw<{ id: string; slug: string; name: string; strategyPublishedAt: Date | null; strategyDescription: string | null }[]>`
      SELECT "id", "slug", "name", "strategyPublishedAt", "strategyDescription" FROM "ModelPortfolio" WHERE "id" = ${modelId(id)}::uuid FOR UPDATE`;
    if (!model) throw new NotFound("No such model.");
    if (!model.strategyPublishedAt) throw new Conflict(`${model.name} is not a public strategy.`);
    await tx.modelPortfolio.update({ where: { id: model.id }, data: { strategyPublishedAt: null, strategyPublishedById: null, strategyDescription: null } });
    await recordAudit(tx, {
      action: "STRATEGY_UNPUBLISHED",
      actorId: actor.id,
      target: { type: "ModelPortfolio", id: model.id },
      context,
      details: { model: model.slug, description: model.strategyDescription, publishedAt: model.strategyPublishedAt.toISOString() },
    });
    return { name: model.name };
  });
}

export interface StrategyAdminView {
  isPublic: boolean;
  description: string | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  /** Staff see the exact count (they see every account's model anyway); investors see it only from the threshold up. */
  followers: number;
  canPublish: boolean;
}

/** The model page's "Public strategy" section. */
export async function strategyAdminView(actor: CurrentUser, id: string): Promise<StrategyAdminView> {
  if (!isStaff(actor.role)) throw new Forbidden("Only advisors and admins see model portfolios.");
  const model = await db.modelPortfolio.findUnique({
    where: { id: modelId(id) },
    select: { id: true, strategyPublishedAt: true, strategyDescription: true, strategyPublishedBy: { select: { name: true } } },
  });
  if (!model) throw new NotFound("No such model.");
  const [counts, canPublish] = await Promise.all([followerCounts([model.id]), canManageModels(actor)]);
  return {
    isPublic: model.strategyPublishedAt !== null,
    description: model.strategyDescription,
    publishedAt: model.strategyPublishedAt,
    publishedBy: model.strategyPublishedBy?.name ?? null,
    followers: counts.get(model.id) ?? 0,
    canPublish,
  };
}
