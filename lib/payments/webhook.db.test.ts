import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { browser, createInvestor } from "../../scripts/test/factories";
import { auditActionsOf, deliver, entriesOf, holdForOrders, moneyOf, pendingDeposit, settledDeposit } from "../../scripts/test/payments";
import { db } from "../db";
import { investorBalances } from "../ledger/accounts";
import { trialBalance } from "../ledger/trial-balance";
import { requestDeposit } from "./deposits";
import { charge, checkoutSession, dispute, event, paymentIntent, refund, signed, testId, type TestPayment } from "./test-events";
import { payWithTestMethod, settleTestBankTransfer } from "./test-payments";
import { InvalidWebhook, receiveStripeWebhook } from "./webhook";

const inProcess = ({ body, header }: { body: string; header: string }) => receiveStripeWebhook(body, header).then(() => undefined);

const cashOf = async (accountId: string) => (await investorBalances(accountId)).INVESTOR_CASH;
const statusOf = async (depositId: string) => (await db.deposit.findUniqueOrThrow({ where: { id: depositId } })).status;

describe("a successful card payment", () => {
  it("credits the investor once, records the event, and announces deposit/settled through the outbox", async () => {
    const { accountId, deposit, payment } = await pendingDeposit("500.00");
    const succeeded = event("payment_intent.succeeded", paymentIntent(payment, "succeeded"));
    const applied = await deliver(succeeded);

    expect(applied.outcome).toBe("applied");
    expect(await cashOf(accountId)).toBe(50_000n);
    expect(await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({
      status: "SUCCEEDED",
      stripePaymentIntentId: payment.paymentIntentId,
      stripeChargeId: payment.chargeId,
    });
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: succeeded.id } })).toMatchObject({ outcome: "applied", depositId: deposit.id });
    const [outbox] = await db.outboxEvent.findMany({ where: { id: { in: applied.outboxIds } } });
    expect(outbox).toMatchObject({ name: "deposit/settled", sentAt: null, data: { depositId: deposit.id, investmentAccountId: accountId, amount: "50000", currency: "USD" } });
    expect(await db.auditLog.count({ where: { action: "DEPOSIT_SUCCEEDED", targetId: deposit.id } })).toBe(1);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("credits once when the same event arrives ten times at once", async () => {
    const { accountId, payment } = await pendingDeposit("250.00");
    const succeeded = event("payment_intent.succeeded", paymentIntent(payment, "succeeded"));
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(succeeded)));
    expect(results.filter((r) => r.outcome === "applied")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(9);
    expect(await cashOf(accountId)).toBe(25_000n);
  });

  it("credits once when Stripe sends both checkout.session.completed and payment_intent.succeeded", async () => {
    const { accountId, deposit, payment } = await pendingDeposit("120.50");
    await Promise.all([
      deliver(event("checkout.session.completed", checkoutSession(payment, testId("cs"), "paid"))),
      deliver(event("payment_intent.succeeded", paymentIntent(payment, "succeeded"))),
    ]);
    expect(await cashOf(accountId)).toBe(12_050n);
    expect(await statusOf(deposit.id)).toBe("SUCCEEDED");
  });

  it("gives the exact balance after 100 concurrent deposits to one account", async () => {
    const investor = await createInvestor({ verified: true });
    const deposits = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        requestDeposit(investor.user, { amount: `${10 + i}.01`, method: "CARD", requestKey: randomUUID() }, browser()),
      ),
    );
    await Promise.all(
      deposits.map(({ deposit }) =>
        deliver(event("payment_intent.succeeded", paymentIntent({ depositId: deposit.id, paymentIntentId: testId("pi"), chargeId: testId("ch"), amount: deposit.amount, currency: "USD", method: "card" }, "succeeded"))),
      ),
    );
    // Sum of $10.01 … $109.01 = 100 × $59.51
    expect(await cashOf(investor.accountId)).toBe(595_100n);
    expect((await trialBalance()).balanced).toBe(true);
  });
});

describe("out of order, failed and unknown payments", () => {
  it("ends succeeded when succeeded arrives before processing", async () => {
    const { accountId, deposit, payment } = await pendingDeposit("300.00", "US_BANK_ACCOUNT");
    await deliver(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")));
    const late = await deliver(event("payment_intent.processing", paymentIntent(payment, "processing")));
    expect(late.outcome).toBe("ignored: deposit is already succeeded");
    expect(await statusOf(deposit.id)).toBe("SUCCEEDED");
    expect(await cashOf(accountId)).toBe(30_000n);
  });

  it("shows a bank transfer as processing until it settles", async () => {
    const { user, accountId, deposit } = await pendingDeposit("1000.00", "US_BANK_ACCOUNT");
    await payWithTestMethod(user, { depositId: deposit.id, scenario: "bank_transfer" }, inProcess);
    expect(await statusOf(deposit.id)).toBe("PROCESSING");
    expect(await cashOf(accountId)).toBe(0n);
    await settleTestBankTransfer(user, { depositId: deposit.id, outcome: "succeeded" }, inProcess);
    expect(await statusOf(deposit.id)).toBe("SUCCEEDED");
    expect(await cashOf(accountId)).toBe(100_000n);
  });

  it("a checkout session paid by bank account completes unpaid: processing until its payment intent succeeds", async () => {
    const { user, deposit, payment } = await pendingDeposit("250.00", "US_BANK_ACCOUNT");
    const sessionId = testId("cs");
    await db.deposit.update({ where: { id: deposit.id }, data: { stripeCheckoutSessionId: sessionId } });
    expect((await deliver(event("checkout.session.completed", checkoutSession(payment, sessionId, "unpaid")))).outcome).toBe("applied");
    expect(await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({ status: "PROCESSING", stripePaymentIntentId: payment.paymentIntentId });
    expect(await moneyOf(user)).toEqual({ cash: 0n, held: 0n, owed: 0n, status: "ACTIVE" });
    await deliver(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")));
    expect(await moneyOf(user)).toEqual({ cash: 25_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await auditActionsOf(deposit.id)).toEqual(["DEPOSIT_REQUESTED", "DEPOSIT_PROCESSING", "DEPOSIT_SUCCEEDED"]);
  });

  it("records a declined card with Stripe's reason and credits nothing", async () => {
    const { user, accountId, deposit } = await pendingDeposit("75.00");
    await payWithTestMethod(user, { depositId: deposit.id, scenario: "card_declined" }, inProcess);
    expect(await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({ status: "FAILED", failureMessage: "Your card was declined." });
    expect(await cashOf(accountId)).toBe(0n);
  });

  it("keeps the decline code and tells the investor once per failed payment, in their words, with an email", async () => {
    const { user, deposit, payment } = await pendingDeposit("75.00");
    const failed = event(
      "payment_intent.payment_failed",
      paymentIntent(payment, "requires_payment_method", { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." }),
    );
    const applied = await deliver(failed);
    expect((await deliver(failed)).outcome).toBe("duplicate");
    expect(await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({ status: "FAILED", failureCode: "insufficient_funds", failureMessage: "Your card has insufficient funds." });
    const notices = await db.notification.findMany({ where: { userId: user.id, kind: "DEPOSIT" } });
    expect(notices).toEqual([
      expect.objectContaining({
        title: "Your card payment of $75.00 was declined",
        body: "Your card was declined: your bank says there are not enough funds. No money was taken. Try a smaller amount or another card.",
        link: "/deposit",
        dedupeKey: `deposit-failed:${failed.id}`,
      }),
    ]);
    expect(await db.outboxEvent.count({ where: { id: { in: applied.outboxIds }, name: "notification/created" } })).toBe(1);
  });

  it("never lets a late failure undo a success", async () => {
    const { accountId, deposit, payment } = await pendingDeposit("60.00");
    await deliver(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")));
    await deliver(event("payment_intent.payment_failed", paymentIntent(payment, "requires_payment_method", { code: "card_declined", message: "Your card was declined." })));
    expect(await statusOf(deposit.id)).toBe("SUCCEEDED");
    expect(await cashOf(accountId)).toBe(6_000n);
  });

  it("records and ignores events for payments it does not know, and other event types", async () => {
    const stranger: TestPayment = { depositId: randomUUID(), paymentIntentId: testId("pi"), chargeId: testId("ch"), amount: 5_000n, currency: "USD", method: "card" };
    const unknown = event("payment_intent.succeeded", paymentIntent(stranger, "succeeded"));
    expect((await deliver(unknown)).outcome).toBe("ignored: no deposit for this payment");
    expect((await deliver(event("customer.created", { id: "cus_1", object: "customer" }))).outcome).toBe(
      "ignored: customer.created is not an event Autovest acts on",
    );
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: unknown.id } })).toMatchObject({ outcome: "ignored: no deposit for this payment" });
  });

  it("refuses to credit an amount that does not match the deposit, and flags it", async () => {
    const { accountId, deposit, payment } = await pendingDeposit("500.00");
    const applied = await deliver(event("payment_intent.succeeded", paymentIntent({ ...payment, amount: 5_000_000n }, "succeeded")));
    expect(applied.outcome).toBe("ignored: amount or currency does not match the deposit");
    expect(await cashOf(accountId)).toBe(0n);
    expect(await statusOf(deposit.id)).toBe("PENDING");
    expect(await db.auditLog.count({ where: { action: "STRIPE_EVENT_REJECTED", targetId: deposit.id } })).toBe(1);
  });
});

describe("requests that are not genuine Stripe events", () => {
  const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

  it("are refused with nothing written: tampered, wrongly signed, stale, unsigned or not JSON", async () => {
    const { accountId, payment } = await pendingDeposit("500.00");
    const genuine = signed(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")));
    const before = await db.stripeEvent.count();

    const tampered = genuine.body.replace('"amount_received": 50000', '"amount_received": 99999');
    expect(tampered).not.toBe(genuine.body);
    expect(await errorOf(receiveStripeWebhook(tampered, genuine.header))).toBeInstanceOf(InvalidWebhook);
    const wrongSecret = signed(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")), { secret: "whsec_someone_else" });
    expect(await errorOf(receiveStripeWebhook(wrongSecret.body, wrongSecret.header))).toBeInstanceOf(InvalidWebhook);
    const stale = signed(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(await errorOf(receiveStripeWebhook(stale.body, stale.header))).toBeInstanceOf(InvalidWebhook);
    expect(await errorOf(receiveStripeWebhook(genuine.body, null))).toBeInstanceOf(InvalidWebhook);
    const notJson = signed("this is not json");
    expect(await errorOf(receiveStripeWebhook("this is not json", notJson.header))).toBeInstanceOf(InvalidWebhook);

    expect(await db.stripeEvent.count()).toBe(before);
    expect(await cashOf(accountId)).toBe(0n);
  });

  it("a database failure mid-event leaves nothing behind, and Stripe's retry credits once", async () => {
    const { accountId, payment } = await pendingDeposit("400.00");
    const succeeded = event("payment_intent.succeeded", paymentIntent(payment, "succeeded"));
    await db.$executeRawUnsafe(`CREATE FUNCTION fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER fail_outbox BEFORE INSERT ON "OutboxEvent" FOR EACH ROW EXECUTE FUNCTION fail_outbox()`);
    const failure = await errorOf(deliver(succeeded));
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(InvalidWebhook);
    expect(await db.stripeEvent.count({ where: { id: succeeded.id } })).toBe(0);
    expect(await cashOf(accountId)).toBe(0n);

    await db.$executeRawUnsafe(`DROP TRIGGER fail_outbox ON "OutboxEvent"`);
    expect((await deliver(succeeded)).outcome).toBe("applied");
    expect((await deliver(succeeded)).outcome).toBe("duplicate");
    expect(await cashOf(accountId)).toBe(40_000n);
  });
});

describe("refunds and disputes", () => {
  it("takes each refund back once, by its Stripe refund id, whichever events report it", async () => {
    const { user, deposit, payment } = await settledDeposit("500.00");
    const created = event("refund.created", refund(payment, "re_test_first", "pending", 10_000n));
    expect((await deliver(created)).outcome).toBe("applied");
    expect((await deliver(created)).outcome).toBe("duplicate");
    expect((await deliver(event("charge.refund.updated", refund(payment, "re_test_first", "succeeded", 10_000n)))).outcome).toBe(
      "ignored: refund re_test_first already taken back",
    );
    expect((await deliver(event("refund.updated", refund(payment, "re_test_first", "succeeded", 10_000n)))).outcome).toBe(
      "ignored: refund re_test_first already taken back",
    );
    expect((await deliver(event("charge.refunded", charge(payment, { amountRefunded: 10_000n })))).outcome).toBe(
      "ignored: charge.refunded lists no refund: each refund is applied from its own refund event",
    );
    // $500.00 − $100.00
    expect(await moneyOf(user)).toEqual({ cash: 40_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({ status: "SUCCEEDED", refundedAmount: 10_000n });

    await deliver(event("refund.created", refund(payment, "re_test_rest", "succeeded", 40_000n)));
    expect(await moneyOf(user)).toEqual({ cash: 0n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({ status: "REFUNDED", refundedAmount: 50_000n });
    expect(await entriesOf(deposit.id)).toEqual([
      { key: "credit", kind: "DEPOSIT", sum: 0n },
      { key: "refund:re_test_first", kind: "REFUND", sum: 0n },
      { key: "refund:re_test_rest", kind: "REFUND", sum: 0n },
    ]);
    expect(await auditActionsOf(deposit.id)).toEqual(["DEPOSIT_REQUESTED", "DEPOSIT_SUCCEEDED", "DEPOSIT_REFUNDED", "DEPOSIT_REFUNDED"]);
    expect(await db.depositRefund.findMany({ where: { depositId: deposit.id }, orderBy: { amount: "asc" }, select: { stripeRefundId: true, status: true } })).toEqual([
      { stripeRefundId: "re_test_first", status: "SUCCEEDED" },
      { stripeRefundId: "re_test_rest", status: "SUCCEEDED" },
    ]);
  });

  it("a charge.refunded that lists its refunds (older API versions) takes each by its id, once", async () => {
    const { user, deposit, payment } = await settledDeposit("200.00");
    const listed = [refund(payment, "re_test_listed_a", "succeeded", 5_000n), refund(payment, "re_test_listed_b", "pending", 3_000n)];
    expect((await deliver(event("charge.refunded", charge(payment, { amountRefunded: 8_000n, refunds: listed })))).outcome).toBe("applied");
    expect((await deliver(event("refund.created", listed[0]!))).outcome).toBe("ignored: refund re_test_listed_a already taken back");
    // $200.00 − $50.00 − $30.00
    expect(await moneyOf(user)).toEqual({ cash: 12_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({ status: "SUCCEEDED", refundedAmount: 8_000n });
  });

  it("records what was already invested as owed, restricts the account and flags it; a new deposit repays it", async () => {
    const { user, accountId, ledger, deposit, payment } = await settledDeposit("500.00");
    await holdForOrders(accountId, ledger, 45_000n);
    await deliver(event("refund.created", refund(payment, "re_test_invested", "succeeded")));

    // $50.00 of the $500.00 was still available; the $450.00 held for orders is owed.
    expect(await moneyOf(user)).toEqual({ cash: 0n, held: 45_000n, owed: 45_000n, status: "RESTRICTED" });
    expect((await db.investmentAccount.findUniqueOrThrow({ where: { id: accountId } })).flaggedAt).not.toBeNull();
    expect(await db.auditLog.count({ where: { action: "ACCOUNT_RESTRICTED", targetId: accountId } })).toBe(1);
    expect(await statusOf(deposit.id)).toBe("REFUNDED");

    const { deposit: next } = await requestDeposit(user, { amount: "600.00", method: "CARD", requestKey: randomUUID() }, browser());
    const applied = await deliver(event("payment_intent.succeeded", paymentIntent({ depositId: next.id, paymentIntentId: testId("pi"), chargeId: testId("ch"), amount: next.amount, currency: "USD", method: "card" }, "succeeded")));
    // $600.00 repays the $450.00 owed first.
    expect(await moneyOf(user)).toEqual({ cash: 15_000n, held: 45_000n, owed: 0n, status: "ACTIVE" });
    const [settled] = await db.outboxEvent.findMany({ where: { id: { in: applied.outboxIds }, name: "deposit/settled" } });
    expect(settled?.data).toMatchObject({ amount: "15000" });
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("a dispute takes the money back; winning it restores it; the events apply once", async () => {
    const { user, deposit, payment } = await settledDeposit("200.00");
    const disputeId = testId("dp");
    const opened = event("charge.dispute.created", dispute(payment, disputeId, "needs_response"));
    await deliver(opened);
    await deliver(event("charge.dispute.created", dispute(payment, disputeId, "needs_response")));
    expect(await moneyOf(user)).toEqual({ cash: 0n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await statusOf(deposit.id)).toBe("DISPUTED");

    await deliver(event("charge.dispute.closed", dispute(payment, disputeId, "won")));
    await deliver(event("charge.dispute.closed", dispute(payment, disputeId, "won")));
    expect(await moneyOf(user)).toEqual({ cash: 20_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await statusOf(deposit.id)).toBe("SUCCEEDED");
    expect(await entriesOf(deposit.id)).toEqual([
      { key: "credit", kind: "DEPOSIT", sum: 0n },
      { key: `dispute:${disputeId}`, kind: "DISPUTE", sum: 0n },
      { key: `dispute:${disputeId}:won`, kind: "REVERSAL", sum: 0n },
    ]);
    expect(await auditActionsOf(deposit.id)).toEqual(["DEPOSIT_REQUESTED", "DEPOSIT_SUCCEEDED", "DEPOSIT_DISPUTED", "DEPOSIT_DISPUTE_WON"]);
  });

  it("a lost dispute keeps the money with Stripe", async () => {
    const { user, deposit, payment } = await settledDeposit("200.00");
    const disputeId = testId("dp");
    await deliver(event("charge.dispute.created", dispute(payment, disputeId, "needs_response")));
    await deliver(event("charge.dispute.closed", dispute(payment, disputeId, "lost")));
    expect(await moneyOf(user)).toEqual({ cash: 0n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await statusOf(deposit.id)).toBe("DISPUTED");
    expect(await auditActionsOf(deposit.id)).toEqual(["DEPOSIT_REQUESTED", "DEPOSIT_SUCCEEDED", "DEPOSIT_DISPUTED", "DEPOSIT_DISPUTE_LOST"]);
  });

  it("a refund reported before its payment's success waits for it, then is taken once", async () => {
    const { user, deposit, payment } = await pendingDeposit("80.00");
    const early = await deliver(event("refund.created", refund(payment, "re_test_early", "succeeded", 3_000n)));
    expect(early.outcome).toBe("ignored: refund re_test_early waits for its payment to settle");
    expect(await moneyOf(user)).toEqual({ cash: 0n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await statusOf(deposit.id)).toBe("PENDING");

    expect((await deliver(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")))).outcome).toBe("applied");
    // $80.00 credited, then $30.00 taken back.
    expect(await moneyOf(user)).toEqual({ cash: 5_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({ status: "SUCCEEDED", refundedAmount: 3_000n });
    expect((await deliver(event("refund.updated", refund(payment, "re_test_early", "succeeded", 3_000n)))).outcome).toBe(
      "ignored: refund re_test_early already taken back",
    );
    expect(await moneyOf(user)).toEqual({ cash: 5_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await entriesOf(deposit.id)).toEqual([
      { key: "credit", kind: "DEPOSIT", sum: 0n },
      { key: "refund:re_test_early", kind: "REFUND", sum: 0n },
    ]);
  });

  it("refuses a refund that cannot be this deposit's, and flags it", async () => {
    const { user, deposit, payment } = await settledDeposit("100.00");
    const applied = await deliver(event("refund.created", refund({ ...payment, currency: "EUR" }, "re_test_euros", "succeeded", 1_000n)));
    expect(applied.outcome).toBe("ignored: refund re_test_euros is in EUR, the deposit in USD");
    expect(await moneyOf(user)).toEqual({ cash: 10_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await auditActionsOf(deposit.id)).toEqual(["DEPOSIT_REQUESTED", "DEPOSIT_SUCCEEDED", "STRIPE_EVENT_REJECTED"]);
    expect(await db.depositRefund.count({ where: { depositId: deposit.id } })).toBe(0);
  });
});
