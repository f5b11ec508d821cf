/**
 * Following a strategy is a change of the account's model like any other (lib/investing/model-change.ts): a preview
 * of the trades and the estimated gains is recorded, and nothing moves until the investor confirms it with their
 * second factor on the preview's page. Refused, with nothing written, when the strategy is beyond the investor's
 * risk capacity (risk-capacity.ts), before the questionnaire, or when the account is on that model already.
 * Unfollowing is the same flow back to the model the questionnaire recommends.
 */
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { BadRequest, Conflict, Forbidden, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { proposeModelChange } from "../investing/model-change";
import { modelVersion, type ModelView } from "../investing/models";
import { exceedsCapacity } from "../investing/risk-capacity";
import { investmentAccountOf } from "../payments/deposits";
import { investorStanding } from "./views";

async function standingOf(user: CurrentUser) {
  if (user.role !== "INVESTOR") throw new Forbidden("Only investors follow strategies.");
  const [account, standing] = await Promise.all([investmentAccountOf(user), investorStanding(user)]);
  if (!standing.recommended) throw new BadRequest("questionnaire_first", "Answer the risk questionnaire first: it decides which strategies are within your risk capacity.");
  return { account, recommended: standing.recommended };
}

async function propose(user: CurrentUser, accountId: string, to: ModelView, context: RequestContext): Promise<string> {
  return db.$transaction(async (tx) => {
    const { modelVersionId } = await tx.investmentAccount.findUniqueOrThrow({ where: { id: accountId }, select: { modelVersionId: true } });
    const from = modelVersionId ? await modelVersion(modelVersionId) : null;
    if (from?.id === to.id) throw new Conflict(`Your portfolio already follows ${to.name}.`);
    return proposeModelChange(tx, { investmentAccountId: accountId, fromVersionId: modelVersionId, to, requestedById: user.id, context });
  });
}

/** Previews moving the investor's account to the public strategy `slug`; returns the preview's id. */
export async function followStrategy(user: CurrentUser, slug: string, context: RequestContext): Promise<string> {
  const { account, recommended } = await standingOf(user);
  const strategy = await db.modelPortfolio.findFirst({ where: { slug, strategyPublishedAt: { not: null } }, select: { id: true, name: true, slug: true } });
  if (!strategy) throw new NotFound("No such strategy.");
  if (exceedsCapacity(recommended.slug, strategy.slug)) {
    throw new Forbidden(
      `${strategy.name} takes more risk than your questionnaire allows (it recommends ${recommended.name}; you may go at most one level above it). Nothing was changed.`,
    );
  }
  const version = await db.modelVersion.findFirstOrThrow({ where: { modelId: strategy.id }, orderBy: { version: "desc" }, select: { id: true } });
  return propose(user, account.id, (await modelVersion(version.id))!, context);
}

/** Previews moving the investor's account back to the model their questionnaire recommends; returns the preview's id. */
export async function unfollowStrategy(user: CurrentUser, context: RequestContext): Promise<string> {
  const { account, recommended } = await standingOf(user);
  return propose(user, account.id, recommended, context);
}
