import Decimal from "decimal.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { json, localHttpServer, type RecordedRequest } from "../../scripts/test/local-http";
import { AlpacaBroker } from "./alpaca";
import { BrokerUnavailable } from "./broker";

/** A local server playing Alpaca's Trading API v2: a book of orders keyed by client order id. */
let alpaca: Awaited<ReturnType<typeof localHttpServer>>;
const book = new Map<string, Record<string, unknown>>();
let failWith: number | null = null;

function respond(request: RecordedRequest, res: Parameters<typeof json>[0]) {
  if (request.headers["apca-api-key-id"] !== "AKTEST" || request.headers["apca-api-secret-key"] !== "shh") {
    return json(res, 401, { message: "unauthorized" });
  }
  if (failWith) return json(res, failWith, { message: "upstream trouble" });
  const url = new URL(request.path, "http://alpaca");
  if (request.method === "POST" && url.pathname === "/v2/orders") {
    const order = JSON.parse(request.body) as Record<string, string>;
    if (book.has(order.client_order_id!)) return json(res, 422, { code: 40010001, message: "client_order_id must be unique" });
    if (order.symbol === "NOPE") return json(res, 403, { code: 40310000, message: "insufficient buying power" });
    const filled = {
      id: `alp-${book.size + 1}`,
      client_order_id: order.client_order_id,
      symbol: order.symbol,
      side: order.side,
      status: order.symbol === "SLOW" ? "accepted" : "filled",
      filled_qty: order.qty ?? new Decimal(order.notional!).dividedBy("100.25").toDecimalPlaces(9, Decimal.ROUND_DOWN).toString(),
      filled_avg_price: "100.25",
    };
    book.set(order.client_order_id!, filled);
    return json(res, 200, filled);
  }
  if (request.method === "GET" && url.pathname === "/v2/orders:by_client_order_id") {
    const order = book.get(url.searchParams.get("client_order_id") ?? "");
    return order ? json(res, 200, order) : json(res, 404, { message: "order not found" });
  }
  if (request.method === "GET" && url.pathname === "/v2/clock") {
    return json(res, 200, { timestamp: "2026-11-23T10:00:00-05:00", is_open: true, next_open: "2026-11-24T09:30:00-05:00", next_close: "2026-11-23T16:00:00-05:00" });
  }
  if (request.method === "GET" && url.pathname === "/v2/positions") {
    return json(res, 200, [{ symbol: "VTI", qty: "1.234567", market_value: "358.17" }]);
  }
  return json(res, 404, { message: "not found" });
}

beforeAll(async () => {
  alpaca = await localHttpServer(respond);
});
afterAll(() => alpaca.close());
beforeEach(() => {
  failWith = null;
});

const broker = () => new AlpacaBroker({ baseUrl: alpaca.url, keyId: "AKTEST", secretKey: "shh" });

describe("the Alpaca adapter", () => {
  it("places a market buy by notional with our client order id, and reads the fill", async () => {
    const order = await broker().placeOrder({ clientOrderId: "run-1:VTI:BUY", symbol: "VTI", side: "BUY", notional: 12_345n });
    const sent = JSON.parse(alpaca.requests.at(-1)!.body);
    expect(sent).toEqual({ symbol: "VTI", side: "buy", type: "market", time_in_force: "day", client_order_id: "run-1:VTI:BUY", notional: "123.45" });
    expect(order).toMatchObject({ status: "filled", brokerOrderId: expect.stringMatching(/^alp-/), side: "BUY" });
    // 1.231421446 shares at $100.25 = $123.449999… → 12,345 cents, never more than ordered
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
    expect([...book.keys()].filter((id) => id === "run-2:VEA:BUY")).toHaveLength(1);
  });

  it("reports an order Alpaca refuses as rejected, with its reason", async () => {
    const order = await broker().placeOrder({ clientOrderId: "run-3:NOPE:BUY", symbol: "NOPE", side: "BUY", notional: 5_000n });
    expect(order).toMatchObject({ status: "rejected", rejectReason: "insufficient buying power" });
  });

  it("reports an accepted, unfilled order as open, and an unknown one as missing", async () => {
    const order = await broker().placeOrder({ clientOrderId: "run-4:SLOW:BUY", symbol: "SLOW", side: "BUY", notional: 5_000n });
    expect(order.status).toBe("open");
    expect(await broker().getOrder("nobody")).toBeNull();
  });

  it("treats Alpaca's outages as retriable", async () => {
    failWith = 503;
    await expect(broker().placeOrder({ clientOrderId: "run-5:VTI:BUY", symbol: "VTI", side: "BUY", notional: 5_000n })).rejects.toBeInstanceOf(BrokerUnavailable);
    failWith = 429;
    await expect(broker().clock()).rejects.toBeInstanceOf(BrokerUnavailable);
    await expect(new AlpacaBroker({ baseUrl: "http://127.0.0.1:1", keyId: "x", secretKey: "y" }).clock()).rejects.toBeInstanceOf(BrokerUnavailable);
  });

  it("reads the market clock and positions", async () => {
    expect(await broker().clock()).toEqual({
      isOpen: true,
      nextOpen: new Date("2026-11-24T14:30:00Z"),
      nextClose: new Date("2026-11-23T21:00:00Z"),
    });
    const [position] = await broker().listPositions();
    expect(position!.symbol).toBe("VTI");
    expect(position!.quantity.toString()).toBe("1.234567");
  });
});
