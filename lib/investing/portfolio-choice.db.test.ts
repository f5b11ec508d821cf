import { beforeEach, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { BALANCED_ANSWERS, fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { clientPortfolio } from "../advisor/workspace";
import { db } from "../db";
import { InvalidInput } from "../errors";
import { confirmMyModelChange, myModelChange, submitRiskQuestionnaire } from "./risk-profile";
import { choosePortfolio, portfolioChoices } from "./portfolio-choice";

beforeEach(() => setPrices());

const modelOf = async (accountId: string) =>
  (await db.investmentAccount.findUniqueOrThrow({ where: { id: accountId }, include: { modelVersion: { include: { model: true } } } })).modelVersion?.model.slug;
const written = async (accountId: string) => ({
  choices: await db.portfolioChoice.count({ where: { investmentAccountId: accountId } }),
  audits: await db.auditLog.count({ where: { action: "PORTFOLIO_CHOSEN", targetId: accountId } }),
  proposals: await db.modelChangeProposal.count({ where: { investmentAccountId: accountId } }),
});

describe("an investor choosing their own portfolio", () => {
  it("lists the five models with estimates, the recommended one and the one the account follows", async () => {
    const { user } = await createInvestor();
    await submitRiskQuestionnaire(user, BALANCED_ANSWERS, browser());
    const choices = (await portfolioChoices(user))!;
    expect(choices.options.map((o) => [o.model.slug, o.status, o.current])).toEqual([
      ["conservative", "lower", false],
      ["moderately-conservative", "lower", false],
      ["balanced", "recommended", true],
      ["growth", "higher", false],
      ["aggressive", "higher", false],
    ]);
    // More stocks, more expected return and more volatility (estimates from the capital-market assumptions).
    const balanced = choices.options[2]!;
    const aggressive = choices.options[4]!;
    expect(aggressive.expectedReturn).toBeGreaterThan(balanced.expectedReturn);
    expect(aggressive.volatility).toBeGreaterThan(balanced.volatility);
    expect(balanced.classes.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1, 9);
  });

  it("refuses more risk than recommended without the acknowledgement, and beyond the capacity ceiling at all, writing nothing", async () => {
    const { user, accountId } = await createInvestor();
    await submitRiskQuestionnaire(user, BALANCED_ANSWERS, browser());
    await expect(choosePortfolio(user, { model: "growth" }, browser())).rejects.toThrow(InvalidInput);
    await expect(choosePortfolio(user, { model: "growth" }, browser())).rejects.toThrow(/tick the box/);
    await expect(choosePortfolio(user, { model: "speculative", acknowledge: "on" }, browser())).rejects.toThrow(InvalidInput);

    const { user: soon, accountId: soonAccount } = await createInvestor();
    await submitRiskQuestionnaire(soon, { ...BALANCED_ANSWERS, horizon: "3to5" }, browser());
    await expect(choosePortfolio(soon, { model: "growth", acknowledge: "on" }, browser())).rejects.toThrow(/within 5 years/);
    expect(await written(accountId)).toEqual({ choices: 0, audits: 0, proposals: 0 });
    expect(await written(soonAccount)).toEqual({ choices: 0, audits: 0, proposals: 0 });
    expect(await modelOf(accountId)).toBe("balanced");
  });

  it("switches an account holding nothing at once, audited as above the recommendation, and the advisor sees it", async () => {
    const { user, accountId } = await createInvestor();
    await submitRiskQuestionnaire(user, BALANCED_ANSWERS, browser());
    const result = await choosePortfolio(user, { model: "growth", acknowledge: "on" }, browser());
    expect(result.proposalId).toBeNull();
    expect(result.outboxIds).toHaveLength(1);
    expect(await modelOf(accountId)).toBe("growth");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "PORTFOLIO_CHOSEN", targetId: accountId } });
    expect(audit.details).toMatchObject({ model: "growth", recommended: "balanced", levelsAbove: 1, aboveRecommendation: true, acknowledgedRisk: true });
    await expect(choosePortfolio(user, { model: "growth", acknowledge: "on" }, browser())).rejects.toThrow(/already follows/);

    const admin = await createUser("ADMIN");
    const portfolio = await clientPortfolio(admin, user.id, "1Y");
    expect(portfolio.choice).toMatchObject({ chosen: "Growth", recommended: "Balanced", levelsAbove: 1, acknowledgedRisk: true, inEffect: true });
  });

  it("previews the trades for an invested account and switches only once confirmed", async () => {
    const { user, accountId } = await fundedInvestor(100_000n);
    await investAll(accountId);
    const { proposalId, outboxIds } = await choosePortfolio(user, { model: "conservative" }, browser());
    expect(outboxIds).toEqual([]);
    expect(await modelOf(accountId)).toBe("balanced");
    const preview = await myModelChange(user, proposalId!);
    expect(preview).toMatchObject({ status: "PROPOSED", to: { slug: "conservative" } });
    expect(preview.preview.sells.length).toBeGreaterThan(0);
    expect(await db.portfolioChoice.findFirstOrThrow({ where: { investmentAccountId: accountId } })).toMatchObject({ proposalId, levelsAbove: -2, acknowledgedRisk: false });

    expect((await confirmMyModelChange(user, proposalId!, browser())).outcome).toBe("confirmed");
    expect(await modelOf(accountId)).toBe("conservative");
  });
});
