import { beforeEach, describe, expect, it } from "vitest";
import { browser, createInvestor } from "../../scripts/test/factories";
import { fundedInvestor, investAll, setPrices, DEMO_PRICES } from "../../scripts/test/investing";
import { db } from "../db";
import { Conflict, NotFound } from "../errors";
import { confirmMyModelChange, declineMyModelChange, myModelChange, submitRiskQuestionnaire } from "./risk-profile";

beforeEach(() => setPrices());

const AGGRESSIVE = { horizon: "gt20", goal: "max_growth", drop: "buy_more", income: "very_stable", experience: "extensive", need: "no", loss: "gt30" };

/** $1,000 invested on the balanced model (scripts/test/investing.ts BALANCED_1000). */
async function investedInvestor() {
  const investor = await fundedInvestor(100_000n);
  await investAll(investor.accountId);
  return investor;
}

const modelOf = async (accountId: string) => (await db.investmentAccount.findUniqueOrThrow({ where: { id: accountId } })).modelVersionId;
const modelChangedEvents = (accountId: string) => db.outboxEvent.count({ where: { name: "account/model.changed", data: { path: ["investmentAccountId"], equals: accountId } } });
const holdingsOf = async (accountId: string) =>
  Object.fromEntries((await db.holding.findMany({ where: { investmentAccountId: accountId } })).map((h) => [h.symbol, h.quantity.toString()]));

describe("a questionnaire retake on an invested account", () => {
  it("records the new profile and shows a preview, but moves nothing until the investor confirms", async () => {
    const { user, accountId } = await investedInvestor();
    const before = { model: await modelOf(accountId), events: await modelChangedEvents(accountId), holdings: await holdingsOf(accountId) };

    const retake = await submitRiskQuestionnaire(user, AGGRESSIVE, browser());
    expect(retake.model?.slug).toBe("aggressive");
    expect(retake.proposalId).not.toBeNull();
    expect(retake.outboxIds).toEqual([]);
    expect(await modelOf(accountId)).toBe(before.model);
    expect(await modelChangedEvents(accountId)).toBe(before.events);
    expect(await holdingsOf(accountId)).toEqual(before.holdings);

    const preview = await myModelChange(user, retake.proposalId!);
    expect(preview).toMatchObject({ status: "PROPOSED", open: true, from: { slug: "balanced" }, to: { slug: "aggressive" }, byAdvisor: false });
    // Aggressive holds no bonds: all of BND ($249.99), IEF and TIP ($49.99 each) are sold; GLD falls from 5% to 3%
    // ($49.99 → $30.00: $19.99 sold). Everything was bought today at today's prices: no gain, no tax.
    expect(preview.preview.sells.map((s) => [s.symbol, s.amount]).sort()).toEqual([
      ["BND", 24_999n],
      ["GLD", 1_999n],
      ["IEF", 4_999n],
      ["TIP", 4_999n],
    ]);
    expect(preview.preview.realised).toEqual({ shortTerm: 0n, longTerm: 0n });
    expect(preview.preview.estimatedTax).toBe(0n);
    expect(preview.preview.buys.length).toBeGreaterThan(0);
    expect(await db.auditLog.count({ where: { action: "MODEL_CHANGE_PROPOSED", targetId: accountId } })).toBe(1);
  });

  it("switches the model once on confirmation, and a second confirmation changes nothing", async () => {
    const { user, accountId } = await investedInvestor();
    const { proposalId, model } = await submitRiskQuestionnaire(user, AGGRESSIVE, browser());
    const events = await modelChangedEvents(accountId);

    const confirmed = await confirmMyModelChange(user, proposalId!, browser());
    expect(confirmed.outcome).toBe("confirmed");
    expect(await modelOf(accountId)).toBe(model!.versionId);
    expect(await modelChangedEvents(accountId)).toBe(events + 1);
    expect(await db.auditLog.count({ where: { action: "MODEL_CHANGE_CONFIRMED", targetId: accountId } })).toBe(1);

    await expect(confirmMyModelChange(user, proposalId!, browser())).rejects.toThrow(Conflict);
    await expect(confirmMyModelChange(user, proposalId!, browser())).rejects.toThrow("already confirmed");
    expect(await modelChangedEvents(accountId)).toBe(events + 1);
    expect((await myModelChange(user, proposalId!)).status).toBe("CONFIRMED");
  });

  it("refuses an expired preview and trades nothing", async () => {
    const { user, accountId } = await investedInvestor();
    const before = await modelOf(accountId);
    const { proposalId } = await submitRiskQuestionnaire(user, AGGRESSIVE, browser());
    await db.modelChangeProposal.update({ where: { id: proposalId! }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await confirmMyModelChange(user, proposalId!, browser())).toMatchObject({ outcome: "expired", message: expect.stringContaining("expired") });
    expect(await modelOf(accountId)).toBe(before);
    expect((await myModelChange(user, proposalId!)).status).toBe("EXPIRED");
    await expect(confirmMyModelChange(user, proposalId!, browser())).rejects.toThrow("expired");
  });

  it("shows a fresh preview instead of trading when prices moved more than 2% since", async () => {
    const { user, accountId } = await investedInvestor();
    const before = await modelOf(accountId);
    const { proposalId } = await submitRiskQuestionnaire(user, AGGRESSIVE, browser());
    await setPrices({ BND: (Number(DEMO_PRICES.BND) * 1.03).toFixed(2) });
    const answer = await confirmMyModelChange(user, proposalId!, browser());
      expect(answer.outcome).toBe("repriced");
      const fresh = answer.outcome === "repriced" ? answer.proposalId : "";
      expect(fresh).not.toBe(proposalId);
      expect(await modelOf(accountId)).toBe(before);
      expect((await myModelChange(user, proposalId!)).status).toBe("EXPIRED");
      const again = await myModelChange(user, fresh);
      expect(again.preview.prices.BND).toBe((Number(DEMO_PRICES.BND) * 1.03).toFixed(2));
      expect((await confirmMyModelChange(user, fresh, browser())).outcome).toBe("confirmed");
  });

  it("keeps the current portfolio when the investor declines, and only the investor can see or answer it", async () => {
    const { user, accountId } = await investedInvestor();
    const before = await modelOf(accountId);
    const { proposalId } = await submitRiskQuestionnaire(user, AGGRESSIVE, browser());
    const stranger = await createInvestor();
    await expect(myModelChange(stranger.user, proposalId!)).rejects.toThrow(NotFound);
    await expect(confirmMyModelChange(stranger.user, proposalId!, browser())).rejects.toThrow(NotFound);

    await declineMyModelChange(user, proposalId!, browser());
    expect((await myModelChange(user, proposalId!)).status).toBe("CANCELLED");
    await expect(confirmMyModelChange(user, proposalId!, browser())).rejects.toThrow("closed");
    expect(await modelOf(accountId)).toBe(before);
    expect(await db.auditLog.count({ where: { action: "MODEL_CHANGE_DECLINED", targetId: accountId } })).toBe(1);
  });

  it("a newer retake replaces the open preview", async () => {
    const { user } = await investedInvestor();
    const first = await submitRiskQuestionnaire(user, AGGRESSIVE, browser());
    const second = await submitRiskQuestionnaire(user, AGGRESSIVE, browser());
    expect((await myModelChange(user, first.proposalId!)).status).toBe("CANCELLED");
    expect((await myModelChange(user, second.proposalId!)).open).toBe(true);
  });
});
