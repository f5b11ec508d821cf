import { beforeAll, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { BALANCED_ANSWERS, investAll, setPrices } from "../../scripts/test/investing";
import { temporaryKycStorage } from "../../scripts/test/kyc";
import { deliver } from "../../scripts/test/payments";
import { addNote } from "../advisor/workspace";
import { reviewKyc } from "../advisor/clients";
import { createApiToken } from "../auth/api-tokens";
import { openSession, type CurrentUser } from "../auth/sessions";
import { markSecondFactorProved } from "../auth/step-up";
import { book } from "../consultations/bookings";
import { publishSlots } from "../consultations/slots";
import { wallTimeOf } from "../consultations/time";
import { db } from "../db";
import { proposeModelChange } from "../investing/model-change";
import { modelVersion } from "../investing/models";
import { submitRiskQuestionnaire } from "../investing/risk-profile";
import { submitKyc } from "../kyc/profile";
import { requestDeposit } from "../payments/deposits";
import { requestWithdrawal } from "../payments/withdrawals/request";
import { event, paymentIntent, testId } from "../payments/test-events";
import { generateStatement } from "../documents/generate";
import { exportPersonalData, personalDataOf } from "./export";
import { PERSONAL_DATA_TABLES } from "./personal-data-map";

temporaryKycStorage();

/** A small PNG (the document check reads the content's first bytes). */
const DOCUMENT = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);

const IDENTITY = {
  legalName: "Ada Lovelace-Byron",
  dateOfBirth: "1984-06-15",
  taxId: "219-09-9999",
  addressLine1: "12 Harbour Road",
  city: "Portland",
  region: "OR",
  postalCode: "97201",
};

/** A session of `user` that proved its second factor just now (the export asks for it from those who have one). */
async function steppedUp(user: CurrentUser): Promise<CurrentUser> {
  const sessionId = await db.$transaction(async (tx) => {
    const id = await openSession(tx, user.id, browser("198.51.100.7"));
    await markSecondFactorProved(tx, id);
    return id;
  });
  return { ...user, sessionId };
}

let admin: CurrentUser;
let investor: CurrentUser;
let accountId: string;
let token: { id: string; token: string };

beforeAll(async () => {
  await setPrices();
  admin = await createUser("ADMIN", "Ines Admin");
  const advisor = await createUser("ADVISOR", "Avery Advisor");
  const created = await createInvestor();
  investor = created.user;
  accountId = created.accountId;
  await db.user.update({ where: { id: investor.id }, data: { advisorId: advisor.id } });

  await submitKyc(investor, IDENTITY, DOCUMENT, browser());
  await reviewKyc(admin, investor.id, { decision: "approve" }, browser());
  await submitRiskQuestionnaire(investor, BALANCED_ANSWERS, browser());

  const { deposit } = await requestDeposit(investor, { amount: "1234.56", method: "CARD", requestKey: crypto.randomUUID() }, browser());
  const payment = { depositId: deposit.id, paymentIntentId: testId("pi"), chargeId: testId("ch"), amount: deposit.amount, currency: "USD", method: "card" } as const;
  await deliver(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")));
  await investAll(accountId);
  await generateStatement(accountId, new Date().toISOString().slice(0, 7));
  // What a sale realised (made directly: settleSells writes it, tested in lib/documents).
  const lot = await db.taxLot.findFirstOrThrow({ where: { investmentAccountId: accountId } });
  await db.lotDisposal.create({
    data: { investmentAccountId: accountId, lotId: lot.id, orderId: lot.orderId, symbol: lot.symbol, quantity: "0.1", proceeds: 1_000n, basis: 900n, gain: 100n, term: "SHORT", soldAt: new Date() },
  });
  // A previewed change of model (as a retake makes one), kept whatever the answer.
  const growth = await db.modelVersion.findFirstOrThrow({ where: { model: { slug: "growth" } }, orderBy: { version: "desc" } });
  const from = (await db.investmentAccount.findUniqueOrThrow({ where: { id: accountId } })).modelVersionId;
  const to = (await modelVersion(growth.id))!;
  await db.$transaction((tx) => proposeModelChange(tx, { investmentAccountId: accountId, fromVersionId: from, to, requestedById: investor.id, context: browser() }));

  // What a split did to the holding (recorded as applying one does; the split itself is not under test here).
  const split = await db.corporateAction.create({ data: { kind: "SPLIT", symbol: "VTI", exDate: new Date("2026-01-05"), fromShares: 1, toShares: 2 } });
  await db.holdingAdjustment.create({
    data: { investmentAccountId: accountId, corporateActionId: split.id, symbol: "VTI", quantityBefore: "1.000000", quantityAfter: "2.000000" },
  });

  // The investor's own choice of portfolio, and a goal (written directly: their flows are tested where they live).
  await db.portfolioChoice.create({
    data: { investmentAccountId: accountId, modelId: growth.modelId, modelVersionId: growth.id, chosenSlug: "growth", recommendedSlug: "balanced", riskScore: 6, levelsAbove: 1, acknowledgedRisk: true },
  });
  await db.goal.create({
    data: { userId: investor.id, accountId, kind: "HOME", name: "A flat", targetAmount: 5_000_000n, targetDate: new Date("2031-06-01"), monthlyContribution: 50_000n, accountSharePercent: 100 },
  });

  token = await createApiToken(investor, { name: "Spreadsheet" }, browser());
  const [slot] = await publishSlots(advisor, { startsAt: wallTimeOf(new Date(Date.now() + 3 * 86_400_000)), minutes: "30", count: "1" }, browser());
  await book(investor, { slotId: slot!.id, topic: "Saving for a sailing boat" }, browser());
  await addNote(advisor, investor.id, { body: "Prefers calls on Mondays." }, browser());
  await steppedUp(investor);

  // Sign-in records of every kind (made directly: their own flows are tested in lib/auth).
  await db.secondFactor.create({ data: { userId: investor.id, kind: "TOTP", label: "Phone", confirmedAt: new Date(), totpSecret: "sealed-secret" } });
  await db.recoveryCode.create({ data: { userId: investor.id, codeHash: "hash-of-a-code" } });
  await db.knownDevice.create({ data: { userId: investor.id, deviceHash: "hash-of-a-device" } });
  const bank = await db.linkedBankAccount.create({ data: { userId: investor.id, bankName: "STRIPE TEST BANK", last4: "6789", accountType: "checking", status: "VERIFIED", testMode: true } });
  await requestWithdrawal(investor, { amount: "50.00", bankAccountId: bank.id, requestKey: crypto.randomUUID() }, browser());
  const account = await db.investmentAccount.findFirstOrThrow({ where: { userId: investor.id } });
  await db.recurringDeposit.create({ data: { investmentAccountId: account.id, bankAccountId: bank.id, amount: 20_000n, currency: "USD", frequency: "WEEKLY", weekday: 5 } });
  await db.emailToken.create({ data: { userId: investor.id, purpose: "EMAIL_VERIFICATION", tokenHash: `hash-of-a-link-${investor.id}`, email: investor.email, expiresAt: new Date(Date.now() + 60_000) } });
  await db.oidcIdentity.create({ data: { userId: investor.id, provider: "google", subject: `sub-${investor.id}`, email: investor.email } });
});

describe("the export of everything we hold about an investor", () => {
  it("carries every kind of data in the register, with identity details opened and the document itself", async () => {
    const data = await personalDataOf(investor.id);
    const sections = new Set(Object.values(PERSONAL_DATA_TABLES).flatMap((table) => (table.exportedAs ? [table.exportedAs] : [])));
    const empty = [...sections].filter((section) => {
      const value = data[section];
      return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
    });
    expect(empty).toEqual([]);

    expect(data.profile).toMatchObject({ id: investor.id, email: investor.email, name: investor.name, role: "INVESTOR", advisor: { name: "Avery Advisor" } });
    expect(data.identity).toMatchObject({
      status: "APPROVED",
      legalName: IDENTITY.legalName,
      taxId: "219099999",
      dateOfBirth: "1984-06-15",
      address: { line1: "12 Harbour Road", city: "Portland", region: "OR", postalCode: "97201", country: "US" },
      document: { type: "image/png", sizeBytes: DOCUMENT.length, contentBase64: DOCUMENT.toString("base64") },
    });
    expect(data.deposits).toEqual([expect.objectContaining({ amount: "123456", status: "SUCCEEDED", paymentEvents: [expect.objectContaining({ type: "payment_intent.succeeded" })] })]);
    expect(data.riskProfiles).toEqual([expect.objectContaining({ answers: BALANCED_ANSWERS })]);
    expect(data.consultations).toEqual([expect.objectContaining({ topic: "Saving for a sailing boat", advisor: { name: "Avery Advisor" } })]);
    expect(data.advisorNotes).toEqual([expect.objectContaining({ body: "Prefers calls on Mondays.", author: { name: "Avery Advisor" } })]);
    expect((data.orders as { status: string }[]).map((order) => order.status)).toContain("FILLED");
  });

  it("has every posting of the investor's ledger accounts, adding up to their balances", async () => {
    const data = await personalDataOf(investor.id);
    const postings = data.ledgerPostings as { ledgerAccountId: string; amount: string; entryKind: string }[];
    const accounts = data.investmentAccounts as { id: string; cash: { ledgerAccountId: string; balance: string }[] }[];
    expect(accounts.map((account) => account.id)).toEqual([accountId]);
    for (const ledger of accounts[0]!.cash) {
      const sum = postings.filter((p) => p.ledgerAccountId === ledger.ledgerAccountId).reduce((total, p) => total + BigInt(p.amount), 0n);
      expect(sum.toString()).toBe(ledger.balance);
    }
    expect(postings).toContainEqual(expect.objectContaining({ entryKind: "DEPOSIT", amount: "123456" }));
    expect(postings.map((p) => p.entryKind)).toContain("TRADE");
    const ledgerIds = new Set(accounts[0]!.cash.map((ledger) => ledger.ledgerAccountId));
    expect(postings.every((p) => ledgerIds.has(p.ledgerAccountId))).toBe(true);
  });

  it("lists API tokens without their hash, and audit records by or about the investor, no one else's", async () => {
    const stranger = await createInvestor();
    const data = await personalDataOf(investor.id);
    const text = JSON.stringify(data);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(data.apiTokens).toEqual([expect.objectContaining({ name: "Spreadsheet", prefix: stored.prefix })]);
    expect(text).not.toContain(stored.tokenHash);
    expect(text).not.toContain(token.token);
    const actions = (data.auditRecords as { action: string }[]).map((record) => record.action);
    expect(actions).toEqual(expect.arrayContaining(["USER_SIGNED_UP", "KYC_SUBMITTED", "KYC_APPROVED", "DEPOSIT_SUCCEEDED", "API_TOKEN_CREATED", "ADVISOR_NOTE_ADDED"]));
    expect(text).not.toContain(stranger.user.id);
    expect(text).not.toContain(stranger.user.email);
  });

  it("is audited before it is read, as the session that asked", async () => {
    const session = await steppedUp(investor);
    const chunks = await exportPersonalData(session, browser("198.51.100.7"));
    expect(await db.auditLog.findFirst({ where: { action: "DATA_EXPORTED", actorId: investor.id }, orderBy: { id: "desc" } })).toMatchObject({
      targetType: "User",
      targetId: investor.id,
      ip: "198.51.100.7",
    });
    let text = "";
    for await (const chunk of chunks) text += chunk;
    expect(JSON.parse(text)).toMatchObject({ format: { name: "autovest-personal-data", version: 1 }, profile: { id: investor.id } });
  });

  it("gives a staff member their own profile, sessions and the audit records about them", async () => {
    const session = await steppedUp(admin);
    const data = await personalDataOf(session.id);
    expect(data.profile).toMatchObject({ id: admin.id, role: "ADMIN", name: "Ines Admin" });
    expect(data.sessions).toEqual([expect.objectContaining({ id: session.sessionId, ip: "198.51.100.7" })]);
    expect((data.auditRecords as { action: string }[]).map((record) => record.action)).toContain("KYC_APPROVED");
    expect(data.investmentAccounts).toEqual([]);
  });
});
