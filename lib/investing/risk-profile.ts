import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { InvalidInput } from "../errors";
import type { RequestContext } from "../http/request-context";
import { investmentAccountOf, investmentAccountRecordOf } from "../payments/deposits";
import { switchAccountModel } from "./account-model";
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
 * Scores the questionnaire, records it, and moves the account to the matching model's newest version when it
 * differs (audited; an `account/model.changed` event is written to the outbox, which starts a rebalance).
 */
export async function submitRiskQuestionnaire(
  user: CurrentUser,
  input: unknown,
  context: RequestContext,
): Promise<RiskProfileView & { outboxIds: string[] }> {
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
    const outboxId = await switchAccountModel(tx, {
      investmentAccountId: account.id,
      modelVersionId: model.versionId,
      modelSlug: model.slug,
      actorId: user.id,
      context,
      reason: "risk questionnaire",
    });
    const outboxIds = outboxId ? [outboxId] : [];
    return { score: result.score, explanation: result.explanation, answeredAt: profile.createdAt, model, outboxIds };
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
