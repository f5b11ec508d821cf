import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { temporaryKycStorage } from "../../scripts/test/kyc";
import { reviewKyc } from "../advisor/clients";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { claimAccount, releaseAccount } from "../investing/account-run-lock";
import { recordInvestmentCompleted } from "../investing/invest";
import { submitKyc } from "../kyc/profile";
import { requestDeposit } from "../payments/deposits";
import { event, paymentIntent, signed, testId } from "../payments/test-events";
import { receiveStripeWebhook } from "../payments/webhook";
import { unreadCount } from "./centre";
import { NOTIFICATION_CREATED } from "./notify";

temporaryKycStorage();
beforeEach(() => setPrices());

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const titlesOf = async (user: CurrentUser) => (await db.notification.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } })).map((n) => n.title);

describe("what investors are told", () => {
  it("a deposit that succeeded, once however often Stripe says so, with its email sent after the commit", async () => {
    const { user } = await createInvestor({ verified: true });
    const { deposit } = await requestDeposit(user, { amount: "500.00", method: "CARD", requestKey: randomUUID() }, browser());
    const succeeded = event(
      "payment_intent.succeeded",
      paymentIntent({ depositId: deposit.id, paymentIntentId: testId("pi"), chargeId: testId("ch"), amount: deposit.amount, currency: "USD", method: "card" }, "succeeded"),
    );
    const deliver = () => {
      const { body, header } = signed(succeeded);
      return receiveStripeWebhook(body, header);
    };
    const applied = await deliver();
    await deliver();

    expect(await titlesOf(user)).toEqual(["Deposit of $500.00 received"]);
    const [notification] = await db.notification.findMany({ where: { userId: user.id } });
    expect(notification).toMatchObject({ kind: "DEPOSIT", link: "/activity", dedupeKey: `deposit-succeeded:${deposit.id}`, readAt: null });
    // The route sends these ids once the transaction has committed: deposit/settled and the notification's email.
    const outbox = await db.outboxEvent.findMany({ where: { id: { in: applied.outboxIds } } });
    expect(outbox.map((row) => row.name).sort()).toEqual(["deposit/settled", NOTIFICATION_CREATED]);
    expect(outbox.find((row) => row.name === NOTIFICATION_CREATED)!.data).toEqual({ notificationId: notification!.id });
    expect(await unreadCount(user)).toBe(1);
  });

  it("their identity check's decisions: a rejection with its reason, then the approval after resubmitting", async () => {
    const admin = await createUser("ADMIN");
    const investor = await createUser("INVESTOR");
    const details = { legalName: "Dana Saver", dateOfBirth: "1980-01-01", taxId: "123456789", addressLine1: "1 A St", city: "Boston", region: "MA", postalCode: "02108" };
    await submitKyc(investor, details, PNG, browser());
    await reviewKyc(admin, investor.id, { decision: "reject", reason: "The document is blurred." }, browser());
    await submitKyc(investor, details, PNG, browser());
    await reviewKyc(admin, investor.id, { decision: "approve" }, browser());

    expect(await titlesOf(investor)).toEqual(["We could not verify your identity: The document is blurred.", "Your identity is verified"]);
    expect(await unreadCount(investor)).toBe(2);
  });

  it("the money an invest run put to work, and a rebalance (not its buys) when the run was one", async () => {
    const { user, accountId } = await fundedInvestor(50_000n);
    const { held, unspent } = await investAll(accountId, undefined, "run-1");
    const first = await recordInvestmentCompleted(accountId, "run-1", { held, unspent });
    // The step, run again (a crash after its commit): it succeeds, and writes nothing twice.
    const again = await recordInvestmentCompleted(accountId, "run-1", { held, unspent });
    expect(held - unspent).toBe(50_000n); // orders by amount, filled at the price with no spread: all of it
    expect(await titlesOf(user)).toEqual(["Your $500.00 is invested"]);
    expect(await db.auditLog.count({ where: { action: "INVESTMENT_COMPLETED", targetId: accountId } })).toBe(1);
    expect(await db.outboxEvent.count({ where: { name: "investment/completed", data: { path: ["runId"], equals: "run-1" } } })).toBe(1);
    expect(again).toEqual([first[0]]);

    await claimAccount(accountId, "rebalance:evt-1", "rebalance", null);
    await recordInvestmentCompleted(accountId, "rebalance:evt-1:buy", { held: 1_000n, unspent: 0n });
    await releaseAccount(accountId, "rebalance:evt-1");
    expect(await titlesOf(user)).toEqual(["Your $500.00 is invested", "Your portfolio was rebalanced"]);
    const rebalanced = await db.notification.findFirstOrThrow({ where: { userId: user.id, kind: "REBALANCE" } });
    expect(rebalanced).toMatchObject({ link: "/holdings", body: "We traded your holdings back to your model's target mix." });
  });
});
