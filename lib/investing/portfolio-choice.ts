/**
 * The investor's own choice of model portfolio (/portfolio): the five models side by side with their estimated
 * return and volatility (capital-market assumptions, by asset class), the recommended one marked, and a change of
 * model that goes through the existing flow: an invested account gets a preview of the trades and estimated tax
 * that is confirmed with a step-up (model-change.ts); an account holding nothing switches at once. What may be
 * chosen is risk-capacity.ts's rule. Each choice is audited (PORTFOLIO_CHOSEN) and kept (PortfolioChoice) in the
 * same transaction, so the advisor sees a client who chose more risk than recommended.
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { InvalidInput, NotFound } from "../errors";
import type { AssetClass } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { investmentAccountOf } from "../payments/deposits";
import { ASSUMPTIONS, portfolioMoments } from "../planning/capital-market-assumptions";
import { parseInput } from "../validation";
import { switchAccountModel } from "./account-model";
import { holdsShares, openModelChangeOf, proposeModelChange } from "./model-change";
import { listModels, type ModelView } from "./models";
import type { Answers } from "./risk";
import { choiceProblem, choiceRules, choiceStatus, levelOf, MODEL_LEVELS, type ChoiceRules, type ChoiceStatus } from "./risk-capacity";

export interface PortfolioOption {
  model: ModelView;
  level: number;
  status: ChoiceStatus;
  current: boolean;
  /** Weight per asset class (fractions), largest first. */
  classes: { assetClass: AssetClass; label: string; weight: number }[];
  /** Estimates from the capital-market assumptions (float64, shown rounded to a tenth of a percent). */
  expectedReturn: number;
  volatility: number;
}

export interface PortfolioChoices {
  score: number;
  rules: ChoiceRules;
  options: PortfolioOption[];
  openProposalId: string | null;
}

async function latestProfile(userId: string) {
  return db.riskProfile.findFirst({ where: { userId }, orderBy: { createdAt: "desc" }, select: { score: true, answers: true } });
}

function optionOf(model: ModelView, rules: ChoiceRules, currentVersionId: string | null, currentModelId: string | null): PortfolioOption {
  const byClass = new Map<AssetClass, number>();
  for (const a of model.allocation) byClass.set(a.assetClass, (byClass.get(a.assetClass) ?? 0) + a.weight.toNumber());
  const moments = portfolioMoments(Object.fromEntries(byClass));
  return {
    model,
    level: levelOf(model.slug),
    status: choiceStatus(rules, model.slug),
    current: model.versionId === currentVersionId || model.id === currentModelId,
    classes: [...byClass].map(([assetClass, weight]) => ({ assetClass, label: ASSUMPTIONS[assetClass].label, weight })).sort((a, b) => b.weight - a.weight),
    ...moments,
  };
}

/** The models the investor may compare and choose from; null before their first questionnaire. */
export async function portfolioChoices(user: CurrentUser): Promise<PortfolioChoices | null> {
  const account = await investmentAccountOf(user);
  const [profile, models, row, openProposalId] = await Promise.all([
    latestProfile(user.id),
    listModels(),
    db.investmentAccount.findUniqueOrThrow({ where: { id: account.id }, select: { modelVersionId: true, modelVersion: { select: { modelId: true } } } }),
    openModelChangeOf(account.id),
  ]);
  if (!profile) return null;
  const rules = choiceRules(profile.score, profile.answers as Answers);
  return {
    score: profile.score,
    rules,
    options: models.filter((m) => levelOf(m.slug) >= 0).map((m) => optionOf(m, rules, row.modelVersionId, row.modelVersion?.modelId ?? null)),
    openProposalId,
  };
}

const choiceInput = z.object({
  model: z.enum(MODEL_LEVELS, { error: "Choose one of the portfolios." }),
  acknowledge: z.union([z.literal("on"), z.literal("true"), z.boolean()]).optional(),
});

/**
 * Moves the investor's account to the model they chose (newest version): refused beyond their capacity ceiling,
 * and above the recommendation without the acknowledgement. An invested account gets a preview to confirm
 * (returns its id); one holding nothing switches at once (returns the outbox event that starts the buying).
 */
export async function choosePortfolio(user: CurrentUser, input: unknown, context: RequestContext): Promise<{ proposalId: string | null; outboxIds: string[] }> {
  const { model: slug, acknowledge } = parseInput(choiceInput, input);
  const acknowledged = acknowledge !== undefined && acknowledge !== false;
  const account = await investmentAccountOf(user);
  const profile = await latestProfile(user.id);
  if (!profile) throw new InvalidInput("Take the risk questionnaire first: it decides which portfolios fit you.");
  const rules = choiceRules(profile.score, profile.answers as Answers);
  const problem = choiceProblem(rules, slug, acknowledged);
  if (problem) throw new InvalidInput(problem, { [problem.includes("tick the box") ? "acknowledge" : "model"]: problem });
  const model = (await listModels()).find((m) => m.slug === slug);
  if (!model) throw new NotFound("No such portfolio.");
  const recommendedSlug = MODEL_LEVELS[rules.recommended]!;
  const levelsAbove = levelOf(slug) - rules.recommended;

  return db.$transaction(async (tx) => {
    const { modelVersionId } = await tx.investmentAccount.findUniqueOrThrow({ where: { id: account.id }, select: { modelVersionId: true } });
    if (modelVersionId === model.versionId) throw new InvalidInput("Your account already follows this portfolio.", { model: "Your account already follows this portfolio." });
    let proposalId: string | null = null;
    let outboxIds: string[] = [];
    if (await holdsShares(tx, account.id)) {
      proposalId = await proposeModelChange(tx, { investmentAccountId: account.id, fromVersionId: modelVersionId, to: model, requestedById: user.id, context });
    } else {
      const outboxId = await switchAccountModel(tx, {
        investmentAccountId: account.id,
        modelVersionId: model.versionId,
        modelSlug: model.slug,
        actorId: user.id,
        context,
        reason: levelsAbove === 0 ? "investor's choice" : `investor's choice (recommended: ${recommendedSlug})`,
      });
      outboxIds = outboxId ? [outboxId] : [];
    }
    const choice = await tx.portfolioChoice.create({
      data: {
        investmentAccountId: account.id,
        modelId: model.id,
        modelVersionId: model.versionId,
        chosenSlug: slug,
        recommendedSlug,
        riskScore: profile.score,
        levelsAbove,
        acknowledgedRisk: levelsAbove > 0 && acknowledged,
        proposalId,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "PORTFOLIO_CHOSEN",
      actorId: user.id,
      target: { type: "InvestmentAccount", id: account.id },
      context,
      details: {
        choiceId: choice.id,
        model: slug,
        version: model.versionId,
        recommended: recommendedSlug,
        riskScore: profile.score,
        levelsAbove,
        aboveRecommendation: levelsAbove > 0,
        acknowledgedRisk: levelsAbove > 0 && acknowledged,
        capacityCeiling: MODEL_LEVELS[rules.ceiling]!,
        proposalId,
      },
    });
    return { proposalId, outboxIds };
  });
}

export interface PortfolioChoiceView {
  chosen: string;
  recommended: string;
  levelsAbove: number;
  acknowledgedRisk: boolean;
  at: Date;
  /** The account follows the chosen model now. */
  inEffect: boolean;
}

/** The account's latest choice of its own (for the advisor's client page); null when the investor never chose. */
export async function latestPortfolioChoice(investmentAccountId: string, currentVersionId: string | null): Promise<PortfolioChoiceView | null> {
  const row = await db.portfolioChoice.findFirst({ where: { investmentAccountId }, orderBy: { createdAt: "desc" } });
  if (!row) return null;
  const models = await listModels();
  const name = (slug: string) => models.find((m) => m.slug === slug)?.name ?? slug;
  const current = currentVersionId ? await db.modelVersion.findUnique({ where: { id: currentVersionId }, select: { modelId: true } }) : null;
  return {
    chosen: name(row.chosenSlug),
    recommended: name(row.recommendedSlug),
    levelsAbove: row.levelsAbove,
    acknowledgedRisk: row.acknowledgedRisk,
    at: row.createdAt,
    inEffect: current?.modelId === row.modelId,
  };
}

/** Whether the investor's preview came from their own choice on /portfolio (its page then says so). */
export async function isChosenProposal(user: CurrentUser, proposalId: string): Promise<boolean> {
  if (!z.uuid().safeParse(proposalId).success) return false;
  const account = await investmentAccountOf(user);
  return (await db.portfolioChoice.count({ where: { investmentAccountId: account.id, proposalId } })) > 0;
}
