import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { InvalidInput } from "../errors";
import type { RequestContext } from "../http/request-context";
import { investmentAccountOf, investmentAccountRecordOf } from "../payments/deposits";
import { switchAccountModel } from "./account-model";
import { confirmModelChange, declineModelChange, holdsShares, modelChangeOf, openModelChangeOf, proposeModelChange, type ConfirmOutcome, type ModelChangeView } from "./model-change";
import { latestModelForScore, modelVersion, type ModelView } from "./models";
import { IncompleteAnswers, QUESTIONS, scoreRisk, type Answers } from "./risk";

export interface RiskProfileView {
  score: number;
  explanation: string[];
  answeredAt: Date;
  model: ModelView | null;
}

function parseAnswers(input: unknown): Answers {
  const source = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
  return Object.fromEntries(QUESTIONS.map((q) => [q.id, typeof source[q.id] === "string" ? (source[q.id] as string) : ""]));
}

/**
 * Scores the questionnaire and records it. When the matching model's newest version differs from the account's:
 * an account that holds no shares moves to it at once (nothing is sold; audited, and an `account/model.changed`
 * event in the outbox starts the buying); one that holds shares gets a preview of the change instead
 * (model-change.ts), and nothing moves until the investor confirms it. Returns the preview's id, if one was made.
 */
export async function submitRiskQuestionnaire(
  user: CurrentUser,
  input: unknown,
  context: RequestContext,
): Promise<RiskProfileView & { outboxIds: string[]; proposalId: string | null }> {
  const answers = parseAnswers(input);
  let result: ReturnType<typeof scoreRisk>;
  try {
    result = scoreRisk(answers);
  } catch (error) {
    if (!(error instanceof IncompleteAnswers)) throw error;
    throw new InvalidInput(
      "Answer every question.",
      Object.fromEntries(error.missing.map((id) => [id, "Choose one of the answers."])),
    );
  }
  const account = await investmentAccountOf(user);
  return db.$transaction(async (tx) => {
    const profile = await tx.riskProfile.create({
      data: { userId: user.id, answers, score: result.score, explanation: result.explanation },
    });
    await recordAudit(tx, {
      action: "RISK_PROFILE_SUBMITTED",
      actorId: user.id,
      target: { type: "RiskProfile", id: profile.id },
      context,
      details: { score: result.score },
    });
    const model = await latestModelForScore(tx, result.score);
    const view = { score: result.score, explanation: result.explanation, answeredAt: profile.createdAt, model };
    const { modelVersionId } = await tx.investmentAccount.findUniqueOrThrow({ where: { id: account.id }, select: { modelVersionId: true } });
    if (modelVersionId !== model.versionId && (await holdsShares(tx, account.id))) {
      const proposalId = await proposeModelChange(tx, { investmentAccountId: account.id, fromVersionId: modelVersionId, to: model, requestedById: user.id, context });
      return { ...view, outboxIds: [], proposalId };
    }
    const outboxId = await switchAccountModel(tx, {
      investmentAccountId: account.id,
      modelVersionId: model.versionId,
      modelSlug: model.slug,
      actorId: user.id,
      context,
      reason: "risk questionnaire",
    });
    return { ...view, outboxIds: outboxId ? [outboxId] : [], proposalId: null };
  });
}

/** The investor's newest questionnaire result and the model their account follows; null before the first. */
export async function currentRiskProfile(user: CurrentUser): Promise<RiskProfileView | null> {
  const [profile, account] = await Promise.all([
    db.riskProfile.findFirst({ where: { userId: user.id }, orderBy: { createdAt: "desc" } }),
    investmentAccountRecordOf(user.id),
  ]);
  if (!profile) return null;
  const versionId = account?.modelVersionId ?? null;
  return {
    score: profile.score,
    explanation: profile.explanation,
    answeredAt: profile.createdAt,
    model: versionId ? await modelVersion(versionId) : null,
  };
}

/** The investor's open preview of a change of model, if any. */
export async function myOpenModelChange(user: CurrentUser): Promise<string | null> {
  const account = await investmentAccountRecordOf(user.id);
  return account ? openModelChangeOf(account.id) : null;
}

/** The investor's own preview of a change of model. */
export async function myModelChange(user: CurrentUser, proposalId: string): Promise<ModelChangeView> {
  const account = await investmentAccountOf(user);
  return modelChangeOf(proposalId, [account.id]);
}

/** The investor confirms their own preview (the action asks for step-up first): the model switches and the rebalance starts. */
export async function confirmMyModelChange(user: CurrentUser, proposalId: string, context: RequestContext): Promise<ConfirmOutcome> {
  const account = await investmentAccountOf(user);
  return confirmModelChange(proposalId, { investmentAccountId: account.id, actorId: user.id, context, reason: null });
}

/** The investor keeps their current portfolio: the preview is closed and nothing trades. */
export async function declineMyModelChange(user: CurrentUser, proposalId: string, context: RequestContext): Promise<void> {
  const account = await investmentAccountOf(user);
  await declineModelChange(proposalId, { investmentAccountId: account.id, actorId: user.id, context });
}
