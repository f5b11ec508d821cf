import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser, TEST_PASSWORD } from "../../scripts/test/factories";
import { BALANCED_ANSWERS, fundedInvestor, setPrices } from "../../scripts/test/investing";
import { temporaryKycStorage } from "../../scripts/test/kyc";
import { deliver, pendingDeposit } from "../../scripts/test/payments";
import { clientFor, reviewKyc } from "../advisor/clients";
import { addNote } from "../advisor/workspace";
import { sealPending, verifyChain } from "../audit/chain";
import { createApiToken } from "../auth/api-tokens";
import { openSession, userOfSession, type CurrentUser } from "../auth/sessions";
import { signIn } from "../auth/sign-in";
import { markSecondFactorProved } from "../auth/step-up";
import { book } from "../consultations/bookings";
import { publishSlots } from "../consultations/slots";
import { wallTimeOf } from "../consultations/time";
import { db } from "../db";
import { reloadEnv } from "../env";
import { InvalidCredentials, InvalidInput } from "../errors";
import { claimAccount, releaseAccount } from "../investing/account-run-lock";
import { submitRiskQuestionnaire } from "../investing/risk-profile";
import { investorLedger, platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { trialBalance } from "../ledger/trial-balance";
import { developmentMailbox } from "../mail/mailbox";
import { submitKyc } from "../kyc/profile";
import { event, paymentIntent } from "../payments/test-events";
import { AccountNotEmpty, closeAccount, CLOSED_NAME, pseudonymEmail } from "./close-account";
import { personalDataOf } from "./export";

const storage = temporaryKycStorage();
let mailDir = "";
beforeAll(async () => {
  mailDir = await mkdtemp(path.join(tmpdir(), "mail-"));
  process.env.MAIL_DIR = mailDir;
  reloadEnv();
  await setPrices();
});
afterAll(() => rm(mailDir, { recursive: true, force: true }));

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);
const DOCUMENT = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 7, 7, 7]);

/** A session of `user` that proved its second factor just now, as a step-up leaves it. */
async function steppedUp(user: CurrentUser): Promise<CurrentUser> {
  const sessionId = await db.$transaction(async (tx) => {
    const id = await openSession(tx, user.id, browser());
    await markSecondFactorProved(tx, id);
    return id;
  });
  return { ...user, sessionId };
}

const closing = (user: CurrentUser) => ({ confirmation: user.email.toUpperCase(), password: TEST_PASSWORD });
const blockersOf = async (promise: Promise<unknown>) => ((await errorOf(promise)) as AccountNotEmpty).blockers;

describe("closing an account is refused while it holds money or has work under way", () => {
  it("refuses cash, then investments; nothing about the person changes", async () => {
    const funded = await fundedInvestor(50_000n);
    const session = await steppedUp(funded.user);
    expect(await blockersOf(closeAccount(session, closing(funded.user), browser()))).toEqual(["money"]);
    // The cash bought shares (as a fill leaves it): a position, no cash.
    await db.holding.create({ data: { investmentAccountId: funded.accountId, symbol: "VTI", quantity: "1.5", costBasis: 50_000n } });
    await postJournalEntry(db, {
      idempotencyKey: `buy:${funded.accountId}`,
      kind: "TRADE",
      postings: [
        { account: funded.ledger.INVESTOR_CASH, amount: -50_000n },
        { account: await platformAccount("BROKER_CLEARING", funded.accountId), amount: 50_000n },
      ],
    });
    expect(await blockersOf(closeAccount(session, closing(funded.user), browser()))).toEqual(["positions"]);
    expect(await db.user.findUniqueOrThrow({ where: { id: funded.user.id } })).toMatchObject({ email: funded.user.email, closedAt: null });
    expect(await userOfSession(session.sessionId)).not.toBeNull();
  });

  it("refuses a deposit still pending, and an invest run still holding the account", async () => {
    const pending = await pendingDeposit("25.00");
    const session = await steppedUp(pending.user);
    expect(await blockersOf(closeAccount(session, closing(pending.user), browser()))).toEqual(["pending deposits"]);

    const running = await createInvestor({ verified: true });
    const runKey = crypto.randomUUID();
    await claimAccount(running.accountId, runKey, "invest", null);
    const runningSession = await steppedUp(running.user);
    expect(await blockersOf(closeAccount(runningSession, closing(running.user), browser()))).toEqual(["running work"]);
    await releaseAccount(running.accountId, runKey);
    await closeAccount(runningSession, closing(running.user), browser());
    expect((await db.user.findUniqueOrThrow({ where: { id: running.user.id } })).closedAt).toBeInstanceOf(Date);
  });

  it("needs the email typed and the password; staff cannot close their own account here", async () => {
    const investor = await createInvestor();
    const session = await steppedUp(investor.user);
    const wrongEmail = (await errorOf(closeAccount(session, { confirmation: "someone@example.com", password: TEST_PASSWORD }, browser()))) as InvalidInput;
    expect(wrongEmail.fields).toEqual({ confirmation: "That is not your email address." });
    const wrongPassword = (await errorOf(closeAccount(session, { confirmation: investor.user.email, password: "not my password at all" }, browser()))) as InvalidInput;
    expect(wrongPassword.fields).toEqual({ password: "That is not your password." });
    expect((await db.user.findUniqueOrThrow({ where: { id: investor.user.id } })).closedAt).toBeNull();

    const advisor = await steppedUp(await createUser("ADVISOR"));
    expect(await errorOf(closeAccount(advisor, closing(advisor), browser()))).toMatchObject({ code: "forbidden" });
  });
});

describe("closing an empty account", () => {
  let investor: CurrentUser;
  let accountId: string;
  let advisor: CurrentUser;
  let documentKey: string;
  let futureSlotId: string;
  let pastSlotId: string;

  beforeAll(async () => {
    const admin = await createUser("ADMIN");
    advisor = await createUser("ADVISOR", "Avery Advisor");
    const created = await createInvestor();
    investor = { ...created.user, name: created.user.name };
    accountId = created.accountId;
    await db.user.update({ where: { id: investor.id }, data: { advisorId: advisor.id } });
    await submitKyc(investor, {
      legalName: "Grace Brewster Hopper",
      dateOfBirth: "1984-06-15",
      taxId: "219-09-9999",
      addressLine1: "12 Harbour Road",
      city: "Portland",
      region: "OR",
      postalCode: "97201",
    }, DOCUMENT, browser());
    documentKey = (await db.kycProfile.findUniqueOrThrow({ where: { userId: investor.id } })).documentKey;
    await reviewKyc(admin, investor.id, { decision: "approve" }, browser());
    await submitRiskQuestionnaire(investor, BALANCED_ANSWERS, browser());

    // A card that was declined, and money that came in and went out again: history, and a zero balance.
    const { requestDeposit } = await import("../payments/deposits");
    const { deposit } = await requestDeposit(investor, { amount: "80.00", method: "CARD", requestKey: crypto.randomUUID() }, browser());
    const payment = { depositId: deposit.id, paymentIntentId: `pi_${crypto.randomUUID()}`, chargeId: `ch_${crypto.randomUUID()}`, amount: deposit.amount, currency: "USD", method: "card" } as const;
    await deliver(event("payment_intent.payment_failed", paymentIntent(payment, "requires_payment_method", { code: "card_declined", message: "Your card was declined." })));
    const ledger = await investorLedger(db, accountId);
    const clearing = await platformAccount("STRIPE_CLEARING", accountId);
    await postJournalEntry(db, { idempotencyKey: `in:${accountId}`, kind: "DEPOSIT", postings: [{ account: clearing, amount: -12_000n }, { account: ledger.INVESTOR_CASH, amount: 12_000n }] });
    await postJournalEntry(db, { idempotencyKey: `out:${accountId}`, kind: "WITHDRAWAL", postings: [{ account: ledger.INVESTOR_CASH, amount: -12_000n }, { account: clearing, amount: 12_000n }] });

    await createApiToken(investor, { name: "Spreadsheet" }, browser());
    const [slot] = await publishSlots(advisor, { startsAt: wallTimeOf(new Date(Date.now() + 3 * 86_400_000)), minutes: "30", count: "1" }, browser());
    await book(investor, { slotId: slot!.id, topic: "Leaving for another broker" }, browser());
    futureSlotId = slot!.id;
    pastSlotId = (
      await db.consultationSlot.create({
        data: { advisorId: advisor.id, investorId: investor.id, startsAt: new Date("2026-01-05T15:00:00Z"), endsAt: new Date("2026-01-05T15:30:00Z"), topic: "My divorce settlement", bookedAt: new Date("2026-01-02T09:00:00Z") },
      })
    ).id;
    await addNote(advisor, investor.id, { body: "Asked about closing; told them the steps." }, browser());
  });

  it("ends sign-in, erases personal data, keeps the books and the audit trail intact", async () => {
    const otherSession = await db.$transaction((tx) => openSession(tx, investor.id, browser("192.0.2.50")));
    const session = await steppedUp(investor);
    const postingsBefore = JSON.stringify((await personalDataOf(investor.id)).ledgerPostings);
    await sealPending();
    const booksBefore = await trialBalance();
    expect(booksBefore.balanced).toBe(true);

    await closeAccount(session, closing(investor), browser());

    // Signed out everywhere, and no way back in: not with the old address, not with the pseudonym.
    expect(await userOfSession(session.sessionId)).toBeNull();
    expect(await userOfSession(otherSession)).toBeNull();
    expect(await errorOf(signIn({ email: investor.email, password: TEST_PASSWORD }, browser()))).toBeInstanceOf(InvalidCredentials);
    expect(await errorOf(signIn({ email: pseudonymEmail(investor.id), password: TEST_PASSWORD }, browser()))).toBeInstanceOf(InvalidCredentials);

    // Personal data gone: what is left about them says nothing of who they were.
    expect(await db.user.findUniqueOrThrow({ where: { id: investor.id } })).toMatchObject({ email: pseudonymEmail(investor.id), name: CLOSED_NAME, closedAt: expect.any(Date) });
    expect(await db.kycProfile.findUnique({ where: { userId: investor.id } })).toBeNull();
    await expect(access(path.join(storage.path, documentKey))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await db.session.count({ where: { userId: investor.id } })).toBe(0);
    expect(await db.apiToken.count({ where: { userId: investor.id } })).toBe(0);
    expect(await db.notification.count({ where: { userId: investor.id } })).toBe(0);
    expect(await db.riskProfile.count({ where: { userId: investor.id } })).toBe(0);
    expect(await db.consultationSlot.findUniqueOrThrow({ where: { id: futureSlotId } })).toMatchObject({ investorId: null, topic: null, bookedAt: null });
    expect(await db.consultationSlot.findUniqueOrThrow({ where: { id: pastSlotId } })).toMatchObject({ investorId: investor.id, topic: null });
    const remaining = await personalDataOf(investor.id);
    const { auditRecords, ...heldOutsideTheAuditTrail } = remaining;
    for (const personal of [investor.email, investor.name, "Grace Brewster Hopper", "219099999", "1984-06-15", "Harbour Road", "Leaving for another broker", "divorce"]) {
      expect(JSON.stringify(heldOutsideTheAuditTrail)).not.toContain(personal);
    }
    // The audit trail is append-only: the sign-up record still names the address (docs/security.md, "Your data").
    expect(JSON.stringify(auditRecords)).toContain(investor.email);

    // The books are as they were: every posting kept under the pseudonymous id, the trial balance unchanged.
    expect(JSON.stringify(remaining.ledgerPostings)).toBe(postingsBefore);
    expect(await trialBalance()).toEqual(booksBefore);
    expect(remaining.deposits).toEqual([expect.objectContaining({ status: "FAILED", amount: "8000" })]);
    expect(remaining.advisorNotes).toEqual([expect.objectContaining({ body: "Asked about closing; told them the steps." })]);

    // Audited, and the chain still verifies over everything, the closure included.
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "ACCOUNT_CLOSED", targetId: investor.id } })).toMatchObject({
      actorId: investor.id,
      details: { sessionsEnded: 2, apiTokensDeleted: 1, riskProfilesDeleted: 1, identityErased: true },
    });
    await sealPending();
    expect(await verifyChain()).toMatchObject({ status: "intact", unsealed: 0 });

    // The advisor sees a closed client; the old address got the confirmation.
    expect(await clientFor(advisor, investor.id)).toMatchObject({ name: CLOSED_NAME, closedAt: expect.any(Date) });
    const mail = (await developmentMailbox()).find((email) => email.to.includes(investor.email));
    expect(mail).toMatchObject({ subject: "Your Autovest account is closed" });
    expect(mail!.text).toContain("You can no longer sign in.");
  });

  it("cannot be closed twice", async () => {
    const session = await steppedUp({ ...investor, email: pseudonymEmail(investor.id) });
    expect(await db.investmentAccount.count({ where: { id: accountId } })).toBe(1);
    expect(await errorOf(closeAccount(session, { confirmation: pseudonymEmail(investor.id), password: TEST_PASSWORD }, browser()))).toBeInstanceOf(InvalidInput);
  });
});
