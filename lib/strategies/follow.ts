/**
 * Following a strategy is a change of the account's model like any other (lib/investing/model-change.ts): a preview
 * of the trades and the estimated gains is recorded, and nothing moves until the investor confirms it with their
 * second factor on the preview's page. The rules are those of /portfolio (risk-capacity.ts): a strategy bolder than
 * the recommendation needs the investor's acknowledgement, and one beyond their capacity ceiling is refused; so is
 * following before the questionnaire or a model the account is on already. A refusal writes nothing.
 * Unfollowing is the same flow back to the model the questionnaire recommends.
 */
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { BadRequest, Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { proposeModelChange } from "../investing/model-change";
import { modelVersion, type ModelView } from "../investing/models";
import { choiceStatus } from "../investing/risk-capacity";
import { investmentAccountOf } from "../payments/deposits";
import { investorStanding } from "./views";

async function standingOf(user: CurrentUser) {
  if (user.role !== "INVESTOR") throw new Forbidden("Only investors follow strategies.");
  const [account, standing] = await Promise.all([investmentAccountOf(user), investorStanding(user)]);
  if (!standing.recommended || !standing.rules) throw new BadRequest("questionnaire_first", "Answer the risk questionnaire first: it decides which strategies are within your risk capacity.");
  return { account, recommended: standing.recommended, rules: standing.rules };
}

async function propose(user: CurrentUser, accountId: string, to: ModelView, context: RequestContext): Promise<string> {
  return db.$transaction(async (tx) => {
    const { modelVersionId } = await tx.investmentAccount.findUniqueOrThrow({ where: { id: accountId }, select: { modelVersionId: true } });
    const from = modelVersionId ? await modelVersion(modelVersionId) : null;
    if (from?.id === to.id) throw new Conflict(`Your portfolio already follows ${to.name}.`);
    return proposeModelChange(tx, { investmentAccountId: accountId, fromVersionId: modelVersionId, to, requestedById: user.id, context });
  });
}

/**
 * Previews moving the investor's account to the public strategy `slug`; returns the preview's id. `acknowledged`:
 * the investor accepted that the strategy takes more risk than recommended (needed only when it does).
 */
export async function followStrategy(user: CurrentUser, slug: string, context: RequestContext, acknowledged = false): Promise<string> {
  const { account, rules } = await standingOf(user);
  const strategy = await db.modelPortfolio.findFirst({ where: { slug, strategyPublishedAt: { not: null } }, select: { id: true, name: true, slug: true } });
  if (!strategy) throw new NotFound("No such strategy.");
  const status = choiceStatus(rules, strategy.slug);
  if (status === "beyond-capacity") {
    // A model off the risk ladder has no capacity reason: its risk cannot be judged against the answers at all.
    const why = rules.ceilingReasons.length ? `because ${rules.ceilingReasons.join(" and ")}` : "which cannot be matched to a risk level";
    throw new Forbidden(`${strategy.name} takes more risk than your answers allow, ${why}. Nothing was changed.`);
  }
  if (status === "higher" && !acknowledged) {
    const message = `${strategy.name} takes more risk than we recommend for you: tick the box to confirm you understand and accept it.`;
    throw new InvalidInput(message, { acknowledge: message });
  }
  const version = await db.modelVersion.findFirstOrThrow({ where: { modelId: strategy.id }, orderBy: { version: "desc" }, select: { id: true } });
  return propose(user, account.id, (await modelVersion(version.id))!, context);
}

/** Previews moving the investor's account back to the model their questionnaire recommends; returns the preview's id. */
export async function unfollowStrategy(user: CurrentUser, context: RequestContext): Promise<string> {
  const { account, recommended } = await standingOf(user);
  return propose(user, account.id, recommended, context);
}
