import { beforeAll, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { BALANCED_1000, fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, Forbidden, InvalidInput } from "../errors";
import { addNote, clientModelChange, clientPortfolio, confirmClientModelChange, declineClientModelChange, listNotes, proposeClientModelChange, requestRebalance } from "./workspace";

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

let advisor: CurrentUser;
let stranger: CurrentUser;
let client: { user: CurrentUser; accountId: string };

beforeAll(async () => {
  await setPrices();
  advisor = await createUser("ADVISOR", "Avery Advisor");
  stranger = await createUser("ADVISOR", "Sol Stranger");
  client = await fundedInvestor(100_000n);
  await investAll(client.accountId);
  await db.user.update({ where: { id: client.user.id }, data: { advisorId: advisor.id } });
});

describe("an advisor's client page", () => {
  it("shows the client's holdings, drift and activity to their advisor, and to nobody else", async () => {
    const portfolio = await clientPortfolio(advisor, client.user.id, "1Y");
    expect(portfolio.model?.slug).toBe("balanced");
    expect(portfolio.holdings.rows.map((row) => row.symbol).sort()).toEqual(["BND", "GLD", "IEF", "TIP", "VEA", "VNQ", "VTI", "VWO"]);
    expect(portfolio.holdings.invested).toBe(BALANCED_1000.value);
    expect(portfolio.drift!.drift.toSignificantDigits(6).toFixed()).toBe(BALANCED_1000.drift);
    expect(portfolio.activity.map((t) => t.kind)).toContain("DEPOSIT");
    expect(await errorOf(clientPortfolio(stranger, client.user.id, "1Y"))).toBeInstanceOf(Forbidden);
    expect(await errorOf(clientPortfolio(client.user, client.user.id, "1Y"))).toBeInstanceOf(Forbidden);
  });

  it("keeps private notes, audited without their text; another advisor can neither read nor write them", async () => {
    const note = await addNote(advisor, client.user.id, { body: "  Prefers a call on Mondays; saving for a house in 2030.  " }, browser());
    expect(note.body).toBe("Prefers a call on Mondays; saving for a house in 2030.");
    expect((await listNotes(advisor, client.user.id)).map((n) => [n.body, n.author])).toEqual([[note.body, "Avery Advisor"]]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "ADVISOR_NOTE_ADDED", targetId: client.user.id } });
    expect(audit).toMatchObject({ actorId: advisor.id, details: { noteId: note.id, length: note.body.length } });
    expect(JSON.stringify(audit.details)).not.toContain("house");

    expect(await errorOf(addNote(stranger, client.user.id, { body: "Snooping" }, browser()))).toBeInstanceOf(Forbidden);
    expect(await errorOf(listNotes(stranger, client.user.id))).toBeInstanceOf(Forbidden);
    expect(((await errorOf(addNote(advisor, client.user.id, { body: "   " }, browser()))) as InvalidInput).fields).toEqual({ body: "Write the note." });
    expect(await db.advisorNote.count({ where: { clientId: client.user.id } })).toBe(1);
  });

  it("requests a rebalance through the outbox with the reason audited; refused without a reason or a model", async () => {
    const { outboxId } = await requestRebalance(advisor, client.user.id, { reason: "Client asked after the market fell" }, browser());
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({
      name: "account/rebalance.requested",
      data: { investmentAccountId: client.accountId, reason: "advisor: Client asked after the market fell" },
    });
    expect(await db.auditLog.count({ where: { action: "REBALANCE_REQUESTED", targetId: client.accountId, actorId: advisor.id } })).toBe(1);

    const before = await db.outboxEvent.count();
    expect(((await errorOf(requestRebalance(advisor, client.user.id, { reason: "" }, browser()))) as InvalidInput).fields).toEqual({ reason: "Say why, in a few words." });
    expect(await errorOf(requestRebalance(stranger, client.user.id, { reason: "Because" }, browser()))).toBeInstanceOf(Forbidden);
    const unmodelled = await createInvestor({ verified: true });
    await db.user.update({ where: { id: unmodelled.user.id }, data: { advisorId: advisor.id } });
    expect(await errorOf(requestRebalance(advisor, unmodelled.user.id, { reason: "Because" }, browser()))).toBeInstanceOf(Conflict);
    expect(await db.outboxEvent.count()).toBe(before);
  });

  it("previews a change of model, and moves the account only when the advisor confirms it with a reason the client is told", async () => {
    const growth = await db.modelPortfolio.findUniqueOrThrow({ where: { slug: "growth" }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
    const previous = (await db.investmentAccount.findUniqueOrThrow({ where: { id: client.accountId } })).modelVersionId;
    const followed = async () => (await db.investmentAccount.findUniqueOrThrow({ where: { id: client.accountId } })).modelVersionId;

    expect(await errorOf(proposeClientModelChange(stranger, client.user.id, { modelId: growth.id }, browser()))).toBeInstanceOf(Forbidden);
    const { proposalId } = await proposeClientModelChange(advisor, client.user.id, { modelId: growth.id }, browser());
    const preview = await clientModelChange(advisor, client.user.id, proposalId);
    expect(preview).toMatchObject({ status: "PROPOSED", open: true, byAdvisor: true, from: { slug: "balanced" }, to: { slug: "growth" } });
    expect(preview.preview.sells.length).toBeGreaterThan(0);
    expect(await followed()).toBe(previous);
    expect(await errorOf(clientModelChange(stranger, client.user.id, proposalId))).toBeInstanceOf(Forbidden);

    // No reason, or too short a one: refused, nothing moves.
    expect(((await errorOf(confirmClientModelChange(advisor, client.user.id, proposalId, {}, browser()))) as InvalidInput).fields).toHaveProperty("reason");
    expect(((await errorOf(confirmClientModelChange(advisor, client.user.id, proposalId, { reason: "Why not" }, browser()))) as InvalidInput).fields).toEqual({
      reason: "Say why in a sentence: the client is told.",
    });
    expect(await followed()).toBe(previous);

    const answer = await confirmClientModelChange(advisor, client.user.id, proposalId, { reason: "Horizon now 20 years" }, browser());
    expect(answer.outcome).toBe("confirmed");
    expect(await followed()).toBe(growth.versions[0]!.id);
    const outbox = await db.outboxEvent.findMany({ where: { id: { in: answer.outcome === "confirmed" ? answer.outboxIds : [] } } });
    expect(outbox.map((e) => e.name).sort()).toEqual(["account/model.changed", "notification/created"]);
    expect(outbox.find((e) => e.name === "account/model.changed")!.data).toMatchObject({
      investmentAccountId: client.accountId,
      modelVersionId: growth.versions[0]!.id,
      previousModelVersionId: previous,
    });
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "ACCOUNT_MODEL_CHANGED", targetId: client.accountId, actorId: advisor.id } })).toMatchObject({
      details: { from: previous, to: growth.versions[0]!.id, model: "growth", reason: "advisor: Horizon now 20 years" },
    });
    const told = await db.notification.findFirstOrThrow({ where: { userId: client.user.id, dedupeKey: `model-change-confirmed:${proposalId}` } });
    expect(told.title).toBe("Your advisor moved your account to Growth");
    expect(told.body).toContain("Reason: Horizon now 20 years.");

    const again = await errorOf(proposeClientModelChange(advisor, client.user.id, { modelId: growth.id }, browser()));
    expect(again).toBeInstanceOf(Conflict);
    expect((again as Conflict).message).toBe("This client already follows Growth (version 1).");
  });

  it("cancels a previewed change without trading", async () => {
    const conservative = await db.modelPortfolio.findUniqueOrThrow({ where: { slug: "conservative" } });
    const before = (await db.investmentAccount.findUniqueOrThrow({ where: { id: client.accountId } })).modelVersionId;
    const { proposalId } = await proposeClientModelChange(advisor, client.user.id, { modelId: conservative.id }, browser());
    await declineClientModelChange(advisor, client.user.id, proposalId, browser());
    expect((await clientModelChange(advisor, client.user.id, proposalId)).status).toBe("CANCELLED");
    await expect(confirmClientModelChange(advisor, client.user.id, proposalId, { reason: "Changed my mind again" }, browser())).rejects.toThrow(Conflict);
    expect((await db.investmentAccount.findUniqueOrThrow({ where: { id: client.accountId } })).modelVersionId).toBe(before);
  });
});
