import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { browser, createInvestor } from "../../scripts/test/factories";
import { db } from "../db";
import { InvalidInput } from "../errors";
import { listModels } from "./models";
import { currentRiskProfile, submitRiskQuestionnaire } from "./risk-profile";

const cautious = { horizon: "lt3", goal: "preserve", drop: "sell_all", income: "none", experience: "none", need: "yes", loss: "lt5" };
const balanced = { horizon: "6to10", goal: "balanced", drop: "hold", income: "stable", experience: "funds", need: "maybe", loss: "10to20" };
const bold = { horizon: "gt20", goal: "max_growth", drop: "buy_more", income: "very_stable", experience: "extensive", need: "no", loss: "gt30" };

describe("the five seeded models", () => {
  it("run from conservative to aggressive, each summing to exactly 100% across real ETFs", async () => {
    const models = await listModels();
    expect(models.map((m) => m.slug)).toEqual(["conservative", "moderately-conservative", "balanced", "growth", "aggressive"]);
    for (const model of models) {
      expect(Decimal.sum(...model.allocation.map((a) => a.weight)).toString(), model.slug).toBe("1");
      expect(model.driftBand.toString()).toBe("0.03");
    }
    const classes = new Set(models.flatMap((m) => m.allocation.map((a) => a.assetClass)));
    expect([...classes].sort()).toEqual(["CASH", "DEVELOPED_MARKETS", "EMERGING_MARKETS", "GOLD", "INFLATION_PROTECTED", "REAL_ESTATE", "TREASURIES", "US_BONDS", "US_STOCKS"]);
    const stocks = (slug: string) => models.find((m) => m.slug === slug)!.allocation.filter((a) => ["US_STOCKS", "DEVELOPED_MARKETS", "EMERGING_MARKETS"].includes(a.assetClass)).reduce((s, a) => s + a.weight.toNumber(), 0);
    expect(stocks("conservative")).toBeLessThan(stocks("balanced"));
    expect(stocks("balanced")).toBeLessThan(stocks("aggressive"));
  });

  it("are refused by the database when a version's weights do not sum to 100%", async () => {
    const [model] = await listModels();
    const asset = await db.asset.findFirstOrThrow({ where: { symbol: "VTI" } });
    await expect(
      db.$transaction(async (tx) => {
        const version = await tx.modelVersion.create({ data: { modelId: model!.id, version: 99, driftBand: "0.03" } });
        await tx.modelWeight.create({ data: { versionId: version.id, assetId: asset.id, weight: "0.9999" } });
      }),
    ).rejects.toThrow(/weights sum to 99.99/);
    expect(await db.modelVersion.count({ where: { version: 99 } })).toBe(0);
  });
});

describe("submitRiskQuestionnaire", () => {
  it("scores the answers, assigns the matching model, and audits and announces the change", async () => {
    const { user, accountId } = await createInvestor();
    const result = await submitRiskQuestionnaire(user, balanced, browser());
    expect(result.score).toBe(6);
    expect(result.model?.slug).toBe("balanced");
    const account = await db.investmentAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.modelVersionId).toBe(result.model?.versionId);
    expect(await db.auditLog.count({ where: { action: "ACCOUNT_MODEL_CHANGED", targetId: accountId } })).toBe(1);
    expect(await db.outboxEvent.count({ where: { name: "account/model.changed", data: { path: ["investmentAccountId"], equals: accountId } } })).toBe(1);
    expect(await currentRiskProfile(user)).toMatchObject({ score: 6, model: { slug: "balanced" } });
  });

  it("moves the account when a retake changes the model, and only then", async () => {
    const { user, accountId } = await createInvestor();
    await submitRiskQuestionnaire(user, balanced, browser());
    await submitRiskQuestionnaire(user, { ...balanced, loss: "5to10" }, browser()); // 14 points → 1 + round(4.5) = 6: still balanced
    const retaken = await submitRiskQuestionnaire(user, bold, browser());
    expect(retaken.model?.slug).toBe("aggressive");
    expect(await db.auditLog.count({ where: { action: "ACCOUNT_MODEL_CHANGED", targetId: accountId } })).toBe(2);
    expect(await db.riskProfile.count({ where: { userId: user.id } })).toBe(3);
    const low = await submitRiskQuestionnaire(user, cautious, browser());
    expect(low).toMatchObject({ score: 1, model: { slug: "conservative" } });
  });

  it("names every unanswered question and records nothing", async () => {
    const { user } = await createInvestor();
    const error = await submitRiskQuestionnaire(user, { horizon: "gt20", goal: "bogus" }, browser()).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect(Object.keys((error as InvalidInput).fields)).toEqual(["goal", "drop", "income", "experience", "need", "loss"]);
    expect(await db.riskProfile.count({ where: { userId: user.id } })).toBe(0);
  });
});
