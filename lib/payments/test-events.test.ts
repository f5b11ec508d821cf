import { describe, expect, it } from "vitest";
import publishedCharge from "./stripe-examples/charge.json";
import publishedCheckoutSession from "./stripe-examples/checkout_session.json";
import publishedDispute from "./stripe-examples/dispute.json";
import publishedEvent from "./stripe-examples/event.json";
import publishedPaymentIntent from "./stripe-examples/payment_intent.json";
import publishedRefund from "./stripe-examples/refund.json";
import { charge, checkoutSession, dispute, event, paymentIntent, refund, type TestPayment } from "./test-events";

const payment: TestPayment = {
  depositId: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
  paymentIntentId: "pi_test_scenario",
  chargeId: "ch_test_scenario",
  amount: 12_345n,
  currency: "USD",
  method: "us_bank_account",
};

/** Every field of `built` that the scenario may not change has the published value, and no field is added or lost. */
function expectPublishedShape(built: object, published: object, changeable: string[], added: string[] = []) {
  expect(Object.keys(built).sort()).toEqual([...Object.keys(published), ...added].sort());
  const kept = Object.fromEntries(Object.entries(published).filter(([key]) => !changeable.includes(key)));
  expect(built).toMatchObject(kept);
}

describe("test events keep the shape of Stripe's published objects", () => {
  it("a payment intent changes only ids, times, amounts, metadata, payment method and status", () => {
    const failed = paymentIntent(payment, "requires_payment_method", { code: "card_declined", message: "Your card was declined." });
    expectPublishedShape(failed, publishedPaymentIntent, [
      "id", "client_secret", "created", "amount", "amount_received", "currency", "metadata",
      "payment_method_types", "status", "processing", "latest_charge", "last_payment_error",
    ]);
    expect(failed).toMatchObject({ id: "pi_test_scenario", amount: 12_345, amount_received: 0, currency: "usd", latest_charge: "ch_test_scenario" });
    expect(failed.client_secret).toMatch(/^pi_test_scenario_secret_/);
    expect(paymentIntent(payment, "processing")).toMatchObject({ status: "processing", processing: { type: "us_bank_account" }, last_payment_error: null });
    expect(paymentIntent(payment, "succeeded")).toMatchObject({ status: "succeeded", amount_received: 12_345, processing: null });
  });

  it("a charge, with the refunds it lists", () => {
    const listed = refund(payment, "re_test_listed", "succeeded", 345n);
    const refunded = charge(payment, { amountRefunded: 345n, refunds: [listed] });
    expectPublishedShape(refunded, publishedCharge, [
      "id", "created", "amount", "amount_captured", "amount_refunded", "currency", "metadata", "payment_intent",
      "captured", "refunded", "disputed", "status", "refunds",
    ]);
    expect(Object.keys(refunded.refunds).sort()).toEqual(Object.keys(publishedCharge.refunds).sort());
    expect(refunded.refunds).toEqual({ ...publishedCharge.refunds, data: [listed], url: "/v1/charges/ch_test_scenario/refunds" });
  });

  it("a refund, and a failed one with Stripe's failure fields", () => {
    const changeable = ["id", "created", "amount", "charge", "currency", "payment_intent", "status"];
    expectPublishedShape(refund(payment, "re_test_pending", "pending"), publishedRefund, changeable);
    const failed = refund(payment, "re_test_failed", "failed", 100n, "lost_or_stolen_card");
    expectPublishedShape(failed, publishedRefund, changeable, ["failure_reason", "failure_balance_transaction"]);
    expect(failed).toMatchObject({ status: "failed", failure_reason: "lost_or_stolen_card", amount: 100 });
  });

  it("a dispute, a checkout session and the event around them", () => {
    expectPublishedShape(dispute(payment, "dp_test_scenario", "won"), publishedDispute, ["id", "created", "amount", "charge", "currency", "payment_intent", "status"]);
    expectPublishedShape(checkoutSession(payment, "cs_test_scenario", "paid"), publishedCheckoutSession, [
      "id", "created", "url", "amount_subtotal", "amount_total", "currency", "client_reference_id", "metadata",
      "payment_intent", "payment_status", "status",
    ]);
    const object = dispute(payment, "dp_test_scenario", "won");
    const wrapped = event("charge.dispute.closed", object);
    expectPublishedShape(wrapped, publishedEvent, ["id", "created", "type", "data"]);
    expect(wrapped.data).toEqual({ object });
    expect(Object.keys(wrapped.data)).toEqual(Object.keys(publishedEvent.data));
  });
});
