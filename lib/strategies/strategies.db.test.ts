import { beforeAll, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { BALANCED_ANSWERS, setPrices } from "../../scripts/test/investing";
import { db } from "../db";
import { BadRequest, Conflict, Forbidden, InvalidInput } from "../errors";
import { confirmMyModelChange, myModelChange, submitRiskQuestionnaire } from "../investing/risk-profile";
import { followStrategy, unfollowStrategy } from "./follow";
import { publishStrategy, strategyAdminView, unpublishStrategy } from "./publish";
import { followerCounts, listStrategies, strategyBySlug } from "./views";

const DESCRIPTION = "Mostly stocks across the world, with a tenth in bonds to soften the falls.";
const modelId = async (slug: string) => (await db.modelPortfolio.findUniqueOrThrow({ where: { slug } })).id;
const audits = (action: "STRATEGY_PUBLISHED" | "STRATEGY_UNPUBLISHED", id: string) => db.auditLog.count({ where: { action, targetId: id } });

async function balancedInvestor(answers: Record<string, string> = {}) {
  const investor = await createInvestor();
  await submitRiskQuestionnaire(investor.user, { ...BALANCED_ANSWERS, ...answers }, browser());
  return investor;
}

beforeAll(async () => {
  await setPrices();
  const admin = await createUser("ADMIN");
  const growth = await modelId("growth");
  // Public, whatever an earlier run left.
  await publishStrategy(admin, growth, { description: `${DESCRIPTION} ${Date.now()}` }, browser()).catch((error: unknown) => {
    if (!(error instanceof Conflict)) throw error;
  });
});

describe("publishing a strategy", () => {
  it("is for staff with the model permission, audited, and refuses a bad description with nothing written", async () => {
    const advisor = await createUser("ADVISOR");
    const admin = await createUser("ADMIN");
    const id = await modelId("moderately-conservative");
    await expect(publishStrategy(advisor, id, { description: DESCRIPTION }, browser())).rejects.toBeInstanceOf(Forbidden);
    const before = await audits("STRATEGY_PUBLISHED", id);
    await expect(publishStrategy(admin, id, { description: "Too short" }, browser())).rejects.toBeInstanceOf(InvalidInput);
    expect(await audits("STRATEGY_PUBLISHED", id)).toBe(before);

    await db.user.update({ where: { id: advisor.id }, data: { canManageModels: true } });
    await unpublishStrategy(admin, id, browser()).catch(() => undefined);
    await publishStrategy(advisor, id, { description: `  ${DESCRIPTION}  ` }, browser());
    const view = await strategyAdminView(admin, id);
    expect(view).toMatchObject({ isPublic: true, description: DESCRIPTION, publishedBy: advisor.name });
    expect(await audits("STRATEGY_PUBLISHED", id)).toBe(before + 1);
    await expect(publishStrategy(advisor, id, { description: DESCRIPTION }, browser())).rejects.toBeInstanceOf(Conflict);

    const unpublished = await audits("STRATEGY_UNPUBLISHED", id);
    await unpublishStrategy(advisor, id, browser());
    expect(await strategyAdminView(admin, id)).toMatchObject({ isPublic: false, description: null, publishedAt: null });
    expect(await audits("STRATEGY_UNPUBLISHED", id)).toBe(unpublished + 1);
    await expect(unpublishStrategy(advisor, id, browser())).rejects.toBeInstanceOf(Conflict);
  });
});

describe("following a strategy", () => {
  it("lists public strategies with the viewer's capacity, and never a follower count under five", async () => {
    const { user } = await balancedInvestor();
    const growth = (await listStrategies(user)).find((s) => s.slug === "growth")!;
    // The rules of /portfolio: bolder than the recommendation is "higher" (followed with an acknowledgement), more cautious is within.
    expect(growth).toMatchObject({ capacity: "higher", following: false, risk: { level: 4, of: 5 } });
    expect(growth.followers).toMatch(/^(Fewer than 5|[\d,]+) investors follow this strategy$/);
    const admin = await createUser("ADMIN");
    await expect(listStrategies(admin)).rejects.toBeInstanceOf(Forbidden);
  });

  it("previews the change, moves nothing until confirmed, and then counts the investor once", async () => {
    const { user, accountId } = await balancedInvestor();
    const growth = await modelId("growth");
    const before = (await followerCounts([growth])).get(growth) ?? 0;

    // Bolder than recommended: refused without the acknowledgement, with nothing written.
    await expect(followStrategy(user, "growth", browser())).rejects.toThrow(/tick the box to confirm/);
    expect(await db.modelChangeProposal.count({ where: { investmentAccountId: accountId } })).toBe(0);
    const proposalId = await followStrategy(user, "growth", browser(), true);
    const preview = await myModelChange(user, proposalId);
    expect(preview).toMatchObject({ status: "PROPOSED", from: { slug: "balanced" }, to: { slug: "growth" } });
    expect((await followerCounts([growth])).get(growth) ?? 0).toBe(before);

    expect((await confirmMyModelChange(user, proposalId, browser())).outcome).toBe("confirmed");
    expect((await followerCounts([growth])).get(growth)).toBe(before + 1);
    expect(await strategyBySlug(user, "growth")).toMatchObject({ following: true, recommendedSlug: "balanced" });
    await expect(followStrategy(user, "growth", browser(), true)).rejects.toBeInstanceOf(Conflict);

    // Unfollowing previews the way back to the recommended model.
    const back = await myModelChange(user, await unfollowStrategy(user, browser()));
    expect(back).toMatchObject({ from: { slug: "growth" }, to: { slug: "balanced" } });
    expect((await db.investmentAccount.findUniqueOrThrow({ where: { id: accountId } })).modelVersionId).toBe(preview.to.versionId);
  });

  it("refuses, with nothing written, a strategy beyond the investor's capacity or before the questionnaire", async () => {
    const admin = await createUser("ADMIN");
    const aggressive = await modelId("aggressive");
    await publishStrategy(admin, aggressive, { description: `${DESCRIPTION} ${Date.now()}` }, browser()).catch((error: unknown) => {
      if (!(error instanceof Conflict)) throw error;
    });
    // Money needed within 5 years caps the capacity at Balanced: Aggressive is refused, acknowledged or not.
    const { user, accountId } = await balancedInvestor({ horizon: "3to5" });
    await expect(followStrategy(user, "aggressive", browser(), true)).rejects.toThrow(
      "Aggressive takes more risk than your answers allow, because you expect to use the money within 5 years. Nothing was changed.",
    );
    expect(await db.modelChangeProposal.count({ where: { investmentAccountId: accountId } })).toBe(0);
    expect((await strategyBySlug(user, "aggressive")).capacity).toBe("above");

    const newcomer = await createInvestor();
    await expect(followStrategy(newcomer.user, "growth", browser())).rejects.toBeInstanceOf(BadRequest);
    await expect(followStrategy(user, "conservative-not-public", browser())).rejects.toThrow("No such strategy.");
    await unpublishStrategy(admin, aggressive, browser());
  });
});
