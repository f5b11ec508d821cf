import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { json, localHttpServer } from "../../scripts/test/local-http";
import { db } from "../db";
import { reloadEnv } from "../env";
import { Forbidden, InvalidInput } from "../errors";
import { KycRequired } from "../kyc/profile";
import { cashOverview } from "../investing/portfolio";
import { listDeposits, requestDeposit } from "./deposits";
import { resetStripe } from "./stripe";

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe("requestDeposit in test-payment mode (no Stripe keys)", () => {
  it("creates one pending deposit per form submission, audited", async () => {
    const { user, accountId } = await createInvestor({ verified: true });
    const requestKey = randomUUID();
    const first = await requestDeposit(user, { amount: "500", method: "CARD", requestKey }, browser());
    const again = await requestDeposit(user, { amount: "500", method: "CARD", requestKey }, browser());
    expect(first.checkoutUrl).toBeNull();
    expect(again.deposit.id).toBe(first.deposit.id);
    expect(first.deposit).toMatchObject({ amount: 50_000n, status: "PENDING", method: "CARD", testMode: true });
    expect(await db.deposit.count({ where: { investmentAccountId: accountId } })).toBe(1);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "DEPOSIT_REQUESTED", targetId: first.deposit.id } })).toMatchObject({
      actorId: user.id,
      details: { amount: "50000", method: "CARD", testMode: true },
    });
    expect((await listDeposits(user)).map((d) => d.id)).toEqual([first.deposit.id]);
    expect(await cashOverview(user)).toMatchObject({ cash: 0n, held: 0n, owed: 0n, pending: 0n, status: "ACTIVE" });
  });

  it("refuses bad amounts and methods with a message per field, and writes nothing", async () => {
    const { user, accountId } = await createInvestor({ verified: true });
    for (const amount of ["9.99", "100000.01", "12.345", "abc", ""]) {
      const error = await errorOf(requestDeposit(user, { amount, method: "CARD", requestKey: randomUUID() }, browser()));
      expect(error, amount).toBeInstanceOf(InvalidInput);
      expect(Object.keys((error as InvalidInput).fields)).toEqual(["amount"]);
    }
    const method = await errorOf(requestDeposit(user, { amount: "50", method: "CRYPTO", requestKey: randomUUID() }, browser()));
    expect((method as InvalidInput).fields).toEqual({ method: "Choose card or bank account." });
    expect(await db.deposit.count({ where: { investmentAccountId: accountId } })).toBe(0);
  });

  it("waits for an approved identity check, and writes nothing before it", async () => {
    const { user, accountId } = await createInvestor();
    const error = await errorOf(requestDeposit(user, { amount: "500", method: "CARD", requestKey: randomUUID() }, browser()));
    expect(error).toBeInstanceOf(KycRequired);
    expect((error as KycRequired).status).toBe(403);
    expect((error as KycRequired).message).toBe("Verify your identity before you deposit or invest: an advisor reviews it, usually within a day.");
    expect(await db.deposit.count({ where: { investmentAccountId: accountId } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: user.id, action: "DEPOSIT_REQUESTED" } })).toBe(0);
  });

  it("is for investors only", async () => {
    const advisor = await createUser("ADVISOR");
    expect(await errorOf(requestDeposit(advisor, { amount: "50", method: "CARD", requestKey: randomUUID() }, browser()))).toBeInstanceOf(Forbidden);
  });
});

describe("requestDeposit with Stripe keys", () => {
  let stripeApi: Awaited<ReturnType<typeof localHttpServer>>;

  beforeAll(async () => {
    stripeApi = await localHttpServer((request, res) => {
      if (request.method === "POST" && request.path === "/v1/checkout/sessions") {
        const id = `cs_test_${randomUUID().replaceAll("-", "")}`;
        json(res, 200, { id, object: "checkout.session", url: `https://checkout.stripe.com/c/pay/${id}`, payment_status: "unpaid", status: "open" });
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

  it("opens a Checkout Session for the deposit, once, and sends the investor there", async () => {
    const { user } = await createInvestor({ verified: true });
    const requestKey = randomUUID();
    const { deposit, checkoutUrl } = await requestDeposit(user, { amount: "1,250.00", method: "US_BANK_ACCOUNT", requestKey }, browser());
    const again = await requestDeposit(user, { amount: "1,250.00", method: "US_BANK_ACCOUNT", requestKey }, browser());

    expect(deposit.testMode).toBe(false);
    expect(checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    expect(again.checkoutUrl).toBe(checkoutUrl);
    expect(stripeApi.requests).toHaveLength(1);
    const [call] = stripeApi.requests;
    expect(call!.headers["idempotency-key"]).toBe(`deposit:${deposit.id}:checkout`);
    expect(call!.headers.authorization).toBe("Bearer sk_test_autovest");
    const form = new URLSearchParams(call!.body);
    expect(form.get("mode")).toBe("payment");
    expect(form.get("allowed_payment_method_types[0]")).toBe("us_bank_account");
    expect(form.get("line_items[0][price_data][unit_amount]")).toBe("125000");
    expect(form.get("line_items[0][price_data][currency]")).toBe("usd");
    expect(form.get("metadata[deposit_id]")).toBe(deposit.id);
    expect(form.get("payment_intent_data[metadata][deposit_id]")).toBe(deposit.id);
    expect(await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({ stripeCheckoutSessionId: expect.stringMatching(/^cs_test_/) });
  });
});
