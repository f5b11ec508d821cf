import Decimal from "decimal.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alpacaServer, type AlpacaServer } from "../../scripts/test/alpaca-server";
import { AlpacaBroker } from "./alpaca";
import { BrokerMismatch, BrokerUnavailable } from "./broker";

let alpaca: AlpacaServer;

beforeAll(async () => {
  alpaca = await alpacaServer({ price: "100.25" });
});
afterAll(() => alpaca.close());
beforeEach(() => alpaca.reset());

const broker = () => alpaca.broker();
const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe("the Alpaca adapter", () => {
  it("places a market buy by notional with our client order id, and reads the fill", async () => {
    const order = await broker().placeOrder({ clientOrderId: "run-1:VTI:BUY", symbol: "VTI", side: "BUY", notional: 12_345n });
    const sent = JSON.parse(alpaca.requests.at(-1)!.body);
    expect(sent).toEqual({ symbol: "VTI", side: "buy", type: "market", time_in_force: "day", client_order_id: "run-1:VTI:BUY", notional: "123.45" });
    expect(order).toMatchObject({ status: "filled", openState: null, brokerStatus: "filled", brokerOrderId: alpaca.order("run-1:VTI:BUY").id, side: "BUY" });
    // 1.231421446 shares at $100.25 = $123.449999… → 12,345 cents, never more than ordered
    expect(order.filledQuantity.toString()).toBe("1.231421446");
    expect(order.filledNotional).toBe(12_345n);
  });

  it("sells by quantity", async () => {
    await broker().placeOrder({ clientOrderId: "run-1:BND:SELL", symbol: "BND", side: "SELL", quantity: new Decimal("2.5") });
    expect(JSON.parse(alpaca.requests.at(-1)!.body)).toMatchObject({ side: "sell", qty: "2.500000" });
  });

  it("returns the first order when the same client order id is placed again", async () => {
    const first = await broker().placeOrder({ clientOrderId: "run-2:VEA:BUY", symbol: "VEA", side: "BUY", notional: 5_000n });
    const again = await broker().placeOrder({ clientOrderId: "run-2:VEA:BUY", symbol: "VEA", side: "BUY", notional: 5_000n });
    expect(again.brokerOrderId).toBe(first.brokerOrderId);
    expect(alpaca.orders().filter((order) => order.client_order_id === "run-2:VEA:BUY")).toHaveLength(1);
  });

  it("reports an order Alpaca refuses as rejected, with its reason", async () => {
    alpaca.scenario("NOPE", { refuse: "insufficient buying power" });
    const order = await broker().placeOrder({ clientOrderId: "run-3:NOPE:BUY", symbol: "NOPE", side: "BUY", notional: 5_000n });
    expect(order).toMatchObject({ status: "rejected", rejectReason: "insufficient buying power", filledNotional: 0n });
    expect(order.filledQuantity.isZero()).toBe(true);
  });

  it("reports an order with nothing filled yet as open, and an unknown one as missing", async () => {
    alpaca.scenario("SLOW", { fill: "0" });
    const order = await broker().placeOrder({ clientOrderId: "run-4:SLOW:BUY", symbol: "SLOW", side: "BUY", notional: 5_000n });
    expect(order).toMatchObject({ status: "open", openState: "working", brokerStatus: "new", filledPrice: null, filledNotional: 0n });
    expect(await broker().getOrder("nobody")).toBeNull();
  });

  it("treats Alpaca's outages as retriable", async () => {
    alpaca.failWith(503);
    await expect(broker().placeOrder({ clientOrderId: "run-5:VTI:BUY", symbol: "VTI", side: "BUY", notional: 5_000n })).rejects.toBeInstanceOf(BrokerUnavailable);
    alpaca.failWith(429);
    await expect(broker().clock()).rejects.toBeInstanceOf(BrokerUnavailable);
    await expect(new AlpacaBroker({ baseUrl: "http://127.0.0.1:1", keyId: "x", secretKey: "y" }).clock()).rejects.toBeInstanceOf(BrokerUnavailable);
  });

  it("reads the market clock, and positions made of the fills, partial ones included", async () => {
    expect(await broker().clock()).toEqual({
      isOpen: true,
      nextOpen: new Date("2026-11-24T14:30:00Z"),
      nextClose: new Date("2026-11-23T21:00:00Z"),
    });
    alpaca.scenario("VTI", { price: "250", fill: "0.3" });
    await broker().placeOrder({ clientOrderId: "run-6:VTI:BUY", symbol: "VTI", side: "BUY", notional: 17_500n });
    await broker().placeOrder({ clientOrderId: "run-6:BND:BUY", symbol: "BND", side: "BUY", notional: 12_345n });
    const positions = await broker().listPositions();
    expect(positions.map((p) => [p.symbol, p.quantity.toString()])).toEqual([
      ["BND", "1.231421446"],
      ["VTI", "0.3"],
    ]);
  });
});

describe("every order status Alpaca documents", () => {
  // [Alpaca's status, ours, whether waiting can fill it]
  const statuses = [
    ["new", "open", "working"],
    ["accepted", "open", "working"],
    ["pending_new", "open", "working"],
    ["accepted_for_bidding", "open", "working"],
    ["partially_filled", "open", "working"],
    ["held", "open", "working"],
    ["stopped", "open", "working"],
    ["pending_replace", "open", "working"],
    ["done_for_day", "open", "stalled"],
    ["calculated", "open", "stalled"],
    ["suspended", "open", "stalled"],
    ["pending_cancel", "open", "cancelling"],
    ["filled", "filled", null],
    ["canceled", "canceled", null],
    ["expired", "expired", null],
  ] as const;

  it.each(statuses)("%s: %s, with what has filled so far (a buy's cost rounded up, a sale's proceeds down)", async (alpacaStatus, status, openState) => {
    alpaca.scenario("VTI", { fill: "0.5" });
    await broker().placeOrder({ clientOrderId: `buy:${alpacaStatus}`, symbol: "VTI", side: "BUY", notional: 10_000n });
    await broker().placeOrder({ clientOrderId: `sell:${alpacaStatus}`, symbol: "VTI", side: "SELL", quantity: new Decimal(2) });
    alpaca.setStatus(`buy:${alpacaStatus}`, alpacaStatus);
    alpaca.setStatus(`sell:${alpacaStatus}`, alpacaStatus);
    const [buy, sell] = [await broker().getOrder(`buy:${alpacaStatus}`), await broker().getOrder(`sell:${alpacaStatus}`)];
    expect(buy).toMatchObject({ status, openState, brokerStatus: alpacaStatus, rejectReason: null });
    expect([buy!.filledQuantity.toString(), buy!.filledPrice!.toString()]).toEqual(["0.5", "100.25"]);
    // 0.5 × $100.25 = $50.125
    expect(buy!.filledNotional).toBe(5_013n);
    expect(sell!.filledNotional).toBe(5_012n);
  });

  it("rejected: final, nothing filled", async () => {
    alpaca.scenario("VTI", { fill: "0" });
    await broker().placeOrder({ clientOrderId: "late-reject", symbol: "VTI", side: "BUY", notional: 10_000n });
    alpaca.setStatus("late-reject", "rejected");
    expect(await broker().getOrder("late-reject")).toMatchObject({ status: "rejected", openState: null, rejectReason: "rejected by Alpaca", filledNotional: 0n, filledPrice: null });
  });

  it("replaced, or a status Alpaca does not document: a mismatch for an operator, never a guess", async () => {
    alpaca.scenario("VTI", { fill: "0.5" });
    await broker().placeOrder({ clientOrderId: "replaced", symbol: "VTI", side: "BUY", notional: 10_000n });
    alpaca.setStatus("replaced", "replaced", { replaced_by: "alp-new" });
    const replaced = await errorOf(broker().getOrder("replaced"));
    expect(replaced).toBeInstanceOf(BrokerMismatch);
    expect((replaced as Error).message).toBe("Alpaca reports order replaced as replaced by alp-new, which we never ask for: an operator settles it");
    alpaca.setStatus("replaced", "teleported");
    expect(await errorOf(broker().getOrder("replaced"))).toBeInstanceOf(BrokerMismatch);
  });
});

describe("cancelling what has not filled", () => {
  it("cancels the remainder of a partly filled order, which keeps what filled", async () => {
    alpaca.scenario("VTI", { price: "250", fill: "0.28" });
    await broker().placeOrder({ clientOrderId: "c-1", symbol: "VTI", side: "BUY", notional: 17_500n });
    await broker().cancelOrder("c-1");
    expect(alpaca.requests.at(-1)).toMatchObject({ method: "DELETE", path: `/v2/orders/${alpaca.order("c-1").id}` });
    const order = await broker().getOrder("c-1");
    expect(order).toMatchObject({ status: "canceled", brokerStatus: "canceled", filledNotional: 7_000n });
    expect(order!.filledQuantity.toString()).toBe("0.28");
  });

  it("reads a slow cancel as still open (it may fill) until Alpaca calls it canceled", async () => {
    alpaca.scenario("VTI", { fill: "0", slowCancel: true });
    await broker().placeOrder({ clientOrderId: "c-2", symbol: "VTI", side: "BUY", notional: 5_000n });
    await broker().cancelOrder("c-2");
    expect(await broker().getOrder("c-2")).toMatchObject({ status: "open", openState: "cancelling", brokerStatus: "pending_cancel" });
    expect(await broker().getOrder("c-2")).toMatchObject({ status: "canceled", openState: null });
  });

  it("asks nothing for an order already final, and takes Alpaca's 'not cancelable' as an answer to read later", async () => {
    await broker().placeOrder({ clientOrderId: "c-3", symbol: "VTI", side: "BUY", notional: 5_000n });
    await broker().cancelOrder("c-3");
    expect(alpaca.requests.filter((r) => r.method === "DELETE")).toHaveLength(0);

    alpaca.scenario("VTI", { fill: "0" });
    await broker().placeOrder({ clientOrderId: "c-4", symbol: "VTI", side: "BUY", notional: 5_000n });
    alpaca.setStatus("c-4", "pending_replace");
    await broker().cancelOrder("c-4");
    expect(alpaca.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect(alpaca.order("c-4").status).toBe("pending_replace");
  });

  it("refuses to cancel an order Alpaca does not know", async () => {
    expect(await errorOf(broker().cancelOrder("never-placed"))).toBeInstanceOf(BrokerMismatch);
  });
});
