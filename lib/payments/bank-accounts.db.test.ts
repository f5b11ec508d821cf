import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { json, localHttpServer } from "../../scripts/test/local-http";
import { deliver, inProcess, linkTestBank } from "../../scripts/test/payments";
import { db } from "../db";
import { reloadEnv } from "../env";
import { Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import { linkTestBankAccount, listBankAccounts, removeBankAccount, startBankLink, verifiedBankAccount } from "./bank-accounts";
import { cancelRecurringDeposit, createRecurringDeposit } from "./recurring/schedules";
import { resetStripe } from "./stripe";
import { bankPaymentMethod, event, setupIntent, signed, testId } from "./test-events";
import { receiveStripeWebhook } from "./webhook";

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);
const bank = (last4 = "6789") => ({ paymentMethodId: testId("pm"), customerId: null, bankName: "STRIPE TEST BANK", last4, accountType: "checking" as const, holderName: "Test Investor" });

describe("linking a test bank account (test-payment mode)", () => {
  it("records the account from the signed setup_intent.succeeded event: bank name, last four, type, verified, audited, announced", async () => {
    const { user } = await createInvestor({ verified: true });
    const account = await linkTestBank(user, "000123456789");

    expect(account).toMatchObject({ userId: user.id, bankName: "STRIPE TEST BANK", last4: "6789", accountType: "checking", status: "VERIFIED", testMode: true, testBehaviour: "succeeds" });
    expect(account.stripePaymentMethodId).toMatch(/^pm_test_/);
    expect(await listBankAccounts(user.id)).toEqual([expect.objectContaining({ id: account.id, bankName: "STRIPE TEST BANK", last4: "6789", status: "VERIFIED" })]);
    expect(await verifiedBankAccount(user.id, account.id)).toMatchObject({ id: account.id, testBehaviour: "succeeds" });
    expect(await db.auditLog.count({ where: { action: "BANK_ACCOUNT_LINKED", targetId: account.id } })).toBe(1);
    expect(await db.notification.findFirstOrThrow({ where: { userId: user.id, dedupeKey: `bank-linked:${account.id}` } })).toMatchObject({ title: "STRIPE TEST BANK ••••6789 is linked" });
  });

  it("keeps what a failing test account will do when debited, never its number", async () => {
    const { user } = await createInvestor({ verified: true });
    const account = await linkTestBank(user, "000111111116");
    expect(account).toMatchObject({ last4: "1116", testBehaviour: "no_account", status: "VERIFIED" });
    expect(JSON.stringify(await db.linkedBankAccount.findUniqueOrThrow({ where: { id: account.id } }))).not.toContain("000111111116");
  });

  it("changes nothing when the same event is delivered again, or ten times at once", async () => {
    const { user } = await createInvestor({ verified: true });
    const payload = event("setup_intent.succeeded", setupIntent(testId("seti"), bank(), "succeeded", { user_id: user.id, test_behaviour: "succeeds" }));
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => deliver(payload)));
    expect(outcomes.filter((outcome) => outcome.outcome === "applied")).toHaveLength(1);
    expect(await deliver(payload)).toMatchObject({ outcome: "duplicate" });
    expect(await db.linkedBankAccount.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "BANK_ACCOUNT_LINKED", details: { path: ["userId"], equals: user.id } } })).toBe(1);
  });

  it("refuses a routing or account number that is not one of Stripe's test accounts, and records nothing", async () => {
    const { user } = await createInvestor({ verified: true });
    const error = await errorOf(linkTestBankAccount(user, { holderName: "Test", routingNumber: "021000021", accountNumber: "123456789", accountType: "checking" }, inProcess));
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({
      routingNumber: "In test mode the routing number is 110000000.",
      accountNumber: "In test mode, use one of Stripe's test account numbers listed on this page.",
    });
    const badType = await errorOf(linkTestBankAccount(user, { holderName: "Test", routingNumber: "110000000", accountNumber: "000123456789", accountType: "brokerage" }, inProcess));
    expect((badType as InvalidInput).fields).toEqual({ accountType: "Choose checking or savings." });
    expect(await db.linkedBankAccount.count({ where: { userId: user.id } })).toBe(0);
  });

  it("is for investors only", async () => {
    const advisor = await createUser("ADVISOR");
    expect(await errorOf(linkTestBankAccount(advisor, { holderName: "A", routingNumber: "110000000", accountNumber: "000123456789", accountType: "checking" }, inProcess))).toBeInstanceOf(Forbidden);
  });

  it("waits for microdeposits (not usable), then fails when Stripe says the setup failed, and tells the investor", async () => {
    const { user } = await createInvestor({ verified: true });
    const id = testId("seti");
    const linked = bank("4321");
    await deliver(event("setup_intent.requires_action", setupIntent(id, linked, "requires_action", { user_id: user.id })));
    const pending = await db.linkedBankAccount.findUniqueOrThrow({ where: { stripeSetupIntentId: id } });
    expect(pending.status).toBe("PENDING_VERIFICATION");
    expect(await errorOf(verifiedBankAccount(user.id, pending.id))).toBeInstanceOf(Conflict);

    const failed = await deliver(
      event("setup_intent.setup_failed", setupIntent(id, linked, "requires_payment_method", { user_id: user.id }, { code: "payment_method_microdeposit_verification_attempts_exceeded", message: "Too many attempts." })),
    );
    expect(failed.outcome).toBe("applied");
    expect((await db.linkedBankAccount.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("FAILED");
    expect(await errorOf(verifiedBankAccount(user.id, pending.id))).toBeInstanceOf(Conflict);
    expect(await db.notification.count({ where: { userId: user.id, dedupeKey: `bank-failed:${pending.id}` } })).toBe(1);
    // A late success for the failed setup changes nothing.
    expect((await deliver(event("setup_intent.succeeded", setupIntent(id, linked, "succeeded", { user_id: user.id })))).outcome).toBe("ignored: bank account is already failed");
  });

  it("ignores a setup intent that names no investor, or one that names another's Stripe customer", async () => {
    const { user } = await createInvestor({ verified: true });
    await db.user.update({ where: { id: user.id }, data: { stripeCustomerId: "cus_test_owner" } });
    const other = { ...bank(), customerId: "cus_test_someone_else" };
    expect((await deliver(event("setup_intent.succeeded", setupIntent(testId("seti"), other, "succeeded", { user_id: user.id })))).outcome).toBe("ignored: setup intent of no known investor");
    expect((await deliver(event("setup_intent.succeeded", setupIntent(testId("seti"), bank(), "succeeded", {})))).outcome).toBe("ignored: setup intent of no known investor");
    expect(await db.linkedBankAccount.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("removing a bank account", () => {
  it("is refused while a recurring deposit uses it, then removes it (audited, announced, no longer listed)", async () => {
    const { user } = await createInvestor({ verified: true });
    const account = await linkTestBank(user);
    const { schedule } = await createRecurringDeposit(user, { bankAccountId: account.id, amount: "200", frequency: "WEEKLY", weekday: "5" }, browser());
    expect(await errorOf(removeBankAccount(user, account.id, browser()))).toBeInstanceOf(Conflict);
    expect((await db.linkedBankAccount.findUniqueOrThrow({ where: { id: account.id } })).status).toBe("VERIFIED");

    await cancelRecurringDeposit(user, schedule.id, browser());
    await removeBankAccount(user, account.id, browser());
    expect(await db.linkedBankAccount.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({ status: "REMOVED", removedAt: expect.any(Date) });
    expect(await listBankAccounts(user.id)).toEqual([]);
    expect(await errorOf(verifiedBankAccount(user.id, account.id))).toBeInstanceOf(NotFound);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "BANK_ACCOUNT_REMOVED", targetId: account.id } })).toMatchObject({ actorId: user.id });
    expect(await errorOf(removeBankAccount(user, account.id, browser()))).toBeInstanceOf(NotFound);
  });

  it("is only the owner's to remove", async () => {
    const { user } = await createInvestor({ verified: true });
    const { user: stranger } = await createInvestor({ verified: true });
    const account = await linkTestBank(user);
    expect(await errorOf(removeBankAccount(stranger, account.id, browser()))).toBeInstanceOf(NotFound);
    expect(await errorOf(verifiedBankAccount(stranger.id, account.id))).toBeInstanceOf(NotFound);
  });

  it("when Stripe detaches the account, marks it removed and pauses its schedules", async () => {
    const { user } = await createInvestor({ verified: true });
    const account = await linkTestBank(user);
    const { schedule } = await createRecurringDeposit(user, { bankAccountId: account.id, amount: "200", frequency: "MONTHLY", dayOfMonth: "31" }, browser());
    const method = bankPaymentMethod({ ...bank(), paymentMethodId: account.stripePaymentMethodId! });
    expect((await deliver(event("payment_method.detached", method))).outcome).toBe("applied");
    expect((await db.linkedBankAccount.findUniqueOrThrow({ where: { id: account.id } })).status).toBe("REMOVED");
    expect(await db.recurringDeposit.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ status: "PAUSED", nextRunAt: null, version: 2 });
    expect(await db.outboxEvent.count({ where: { name: "recurring-deposit/schedule.changed", data: { path: ["scheduleId"], equals: schedule.id } } })).toBe(1);
  });
});

describe("linking with Stripe keys", () => {
  let stripeApi: Awaited<ReturnType<typeof localHttpServer>>;

  beforeAll(async () => {
    stripeApi = await localHttpServer((request, res) => {
      if (request.method === "POST" && request.path === "/v1/customers") json(res, 200, { id: "cus_test_linked", object: "customer" });
      else if (request.method === "POST" && request.path === "/v1/checkout/sessions") {
        const id = `cs_test_${randomUUID().replaceAll("-", "")}`;
        json(res, 200, { id, object: "checkout.session", mode: "setup", url: `https://checkout.stripe.com/c/pay/${id}`, status: "open" });
      } else if (request.method === "GET" && request.path.startsWith("/v1/payment_methods/")) {
        json(res, 200, bankPaymentMethod({ ...bank("1111"), paymentMethodId: request.path.split("/").at(-1)!, customerId: "cus_test_linked" }));
      } else json(res, 404, { error: { type: "invalid_request_error", message: "Unrecognized request URL" } });
    });
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_autovest", STRIPE_WEBHOOK_SECRET: "whsec_test_autovest", STRIPE_API_URL: stripeApi.url });
    reloadEnv();
    resetStripe();
  });

  afterAll(async () => {
    for (const key of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL"]) delete process.env[key];
    reloadEnv();
    resetStripe();
    await stripeApi.close();
  });

  it("creates the investor's Customer once, opens Checkout in setup mode for a US bank account, and records the account from the webhook", async () => {
    const { user } = await createInvestor({ verified: true });
    const requestKey = randomUUID();
    const { url } = await startBankLink(user, requestKey);
    await startBankLink(user, randomUUID());

    expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const customers = stripeApi.requests.filter((request) => request.path === "/v1/customers");
    expect(customers).toHaveLength(1);
    expect(customers[0]!.headers["idempotency-key"]).toBe(`user:${user.id}:customer`);
    expect(new URLSearchParams(customers[0]!.body).get("metadata[user_id]")).toBe(user.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId).toBe("cus_test_linked");

    const sessions = stripeApi.requests.filter((request) => request.path === "/v1/checkout/sessions");
    expect(sessions).toHaveLength(2);
    expect(sessions[0]!.headers["idempotency-key"]).toBe(`user:${user.id}:bank-link:${requestKey}`);
    const form = new URLSearchParams(sessions[0]!.body);
    expect(form.get("mode")).toBe("setup");
    expect(form.get("customer")).toBe("cus_test_linked");
    expect(form.get("allowed_payment_method_types[0]")).toBe("us_bank_account");
    expect(form.get("payment_method_options[us_bank_account][financial_connections][permissions][0]")).toBe("payment_method");
    expect(form.get("setup_intent_data[metadata][user_id]")).toBe(user.id);

    // Stripe's webhook names the PaymentMethod by id: it is read from Stripe, then recorded.
    const intent = { ...setupIntent(testId("seti"), { ...bank("1111"), customerId: "cus_test_linked" }, "succeeded", { user_id: user.id }), payment_method: "pm_live_like_1111" };
    const { body, header } = signed(event("setup_intent.succeeded", intent), { secret: "whsec_test_autovest" });
    expect((await receiveStripeWebhook(body, header)).outcome).toBe("applied");
    expect(stripeApi.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/payment_methods/pm_live_like_1111" });
    expect(await db.linkedBankAccount.findUniqueOrThrow({ where: { stripePaymentMethodId: "pm_live_like_1111" } })).toMatchObject({
      userId: user.id,
      last4: "1111",
      status: "VERIFIED",
      testMode: false,
      testBehaviour: null,
    });
  });
});
