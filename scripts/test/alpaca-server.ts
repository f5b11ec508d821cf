import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import Decimal from "decimal.js";
import { AlpacaBroker } from "../../lib/brokerage/alpaca";
import { json, localHttpServer, type RecordedRequest } from "./local-http";

/** What orders for a symbol do when they are placed. */
export interface AlpacaScenario {
  /** The fill price per share (default: the server's `price`). */
  price?: string;
  /** Shares filled at once: "all" (the default: by notional, to 1e-9 shares, never over it), or a number of shares. */
  fill?: "all" | string;
  /** What an order that did not fill in full at once is: open (the default), done for the day, canceled or expired. */
  then?: "open" | "done_for_day" | "canceled" | "expired";
  /** Placing is refused with this message, as Alpaca refuses for buying power (403). */
  refuse?: string;
  /** A cancel shows pending_cancel on the next read and takes effect on the read after. */
  slowCancel?: boolean;
}

interface BookOrder {
  id: string;
  client_order_id: string;
  created_at: string;
  updated_at: string;
  symbol: string;
  asset_class: "us_equity";
  side: "buy" | "sell";
  type: "market";
  order_type: "market";
  time_in_force: string;
  notional: string | null;
  qty: string | null;
  filled_qty: string;
  filled_avg_price: string | null;
  status: string;
  replaced_by: string | null;
}

interface Entry {
  order: BookOrder;
  fills: { qty: Decimal; price: Decimal }[];
  scenario: AlpacaScenario;
  /** pending_cancel: reads left before it turns canceled. */
  cancelReadsLeft: number | null;
}

/** Alpaca refuses to cancel these (422): final, or already being cancelled or replaced. */
const NOT_CANCELABLE = new Set(["filled", "canceled", "expired", "rejected", "replaced", "pending_cancel", "pending_replace"]);

/**
 * A local server that plays Alpaca's Trading API v2 for tests: a book of orders keyed by client_order_id
 * (placing one twice is refused with 422, as Alpaca does), positions computed from the fills, the clock, and
 * per-symbol scenarios. What happens after placing (another fill, the close, a cancel taking effect) is
 * driven by the test through the controls, or by reads: never by a timer.
 */
export async function alpacaServer({ keyId = "AKTEST", secretKey = "shh", price = "100" } = {}) {
  const book = new Map<string, Entry>();
  const scenarios = new Map<string, AlpacaScenario>();
  let failWith: number | null = null;
  let clock = { timestamp: "2026-11-23T10:00:00-05:00", is_open: true, next_open: "2026-11-24T09:30:00-05:00", next_close: "2026-11-23T16:00:00-05:00" };

  const entryOf = (clientOrderId: string) => {
    const entry = book.get(clientOrderId);
    if (!entry) throw new Error(`the Alpaca book has no order ${clientOrderId}`);
    return entry;
  };
  const touch = (entry: Entry, status: string) => {
    entry.order.status = status;
    entry.order.updated_at = new Date().toISOString();
  };
  const addFill = (entry: Entry, qty: Decimal, at: Decimal) => {
    entry.fills.push({ qty, price: at });
    const filled = entry.fills.reduce((sum, fill) => sum.plus(fill.qty), new Decimal(0));
    const cost = entry.fills.reduce((sum, fill) => sum.plus(fill.qty.times(fill.price)), new Decimal(0));
    entry.order.filled_qty = filled.toString();
    entry.order.filled_avg_price = cost.dividedBy(filled).toDecimalPlaces(9).toString();
  };
  /** A read moves a pending cancel along. */
  const read = (entry: Entry) => {
    if (entry.order.status === "pending_cancel" && entry.cancelReadsLeft !== null && entry.cancelReadsLeft-- <= 0) touch(entry, "canceled");
    return entry.order;
  };

  function place(body: Record<string, string>, res: ServerResponse) {
    const clientOrderId = body.client_order_id ?? randomUUID();
    if (book.has(clientOrderId)) return json(res, 422, { code: 40010001, message: "client_order_id must be unique" });
    const scenario = scenarios.get(body.symbol!) ?? {};
    if (scenario.refuse) return json(res, 403, { code: 40310000, message: scenario.refuse });
    const now = new Date().toISOString();
    const entry: Entry = {
      order: {
        id: randomUUID(),
        client_order_id: clientOrderId,
        created_at: now,
        updated_at: now,
        symbol: body.symbol!,
        asset_class: "us_equity",
        side: body.side === "sell" ? "sell" : "buy",
        type: "market",
        order_type: "market",
        time_in_force: body.time_in_force ?? "day",
        notional: body.notional ?? null,
        qty: body.qty ?? null,
        filled_qty: "0",
        filled_avg_price: null,
        status: "new",
        replaced_by: null,
      },
      fills: [],
      scenario,
      cancelReadsLeft: null,
    };
    const at = new Decimal(scenario.price ?? price);
    const whole = body.qty ? new Decimal(body.qty) : new Decimal(body.notional!).dividedBy(at).toDecimalPlaces(9, Decimal.ROUND_DOWN);
    const filledAtOnce = !scenario.fill || scenario.fill === "all" ? whole : new Decimal(scenario.fill);
    if (filledAtOnce.greaterThan(0)) addFill(entry, filledAtOnce, at);
    const status = filledAtOnce.equals(whole) ? "filled" : (scenario.then ?? "open") === "open" ? (filledAtOnce.isZero() ? "new" : "partially_filled") : scenario.then!;
    touch(entry, status);
    book.set(clientOrderId, entry);
    return json(res, 200, entry.order);
  }

  function cancel(id: string, res: ServerResponse) {
    const entry = [...book.values()].find((e) => e.order.id === id);
    if (!entry) return json(res, 404, { code: 40410000, message: "order not found" });
    if (NOT_CANCELABLE.has(entry.order.status)) return json(res, 422, { code: 42210000, message: `order is not cancelable (${entry.order.status})` });
    if (entry.scenario.slowCancel) {
      touch(entry, "pending_cancel");
      entry.cancelReadsLeft = 1;
    } else {
      touch(entry, "canceled");
    }
    res.writeHead(204).end();
  }

  function positions() {
    const held = new Map<string, Decimal>();
    for (const { order } of book.values()) {
      const signed = new Decimal(order.filled_qty).times(order.side === "buy" ? 1 : -1);
      held.set(order.symbol, (held.get(order.symbol) ?? new Decimal(0)).plus(signed));
    }
    return [...held].filter(([, qty]) => !qty.isZero()).sort(([a], [b]) => a.localeCompare(b));
  }

  function respond(request: RecordedRequest, res: ServerResponse) {
    if (request.headers["apca-api-key-id"] !== keyId || request.headers["apca-api-secret-key"] !== secretKey) {
      return json(res, 401, { message: "unauthorized" });
    }
    if (failWith) return json(res, failWith, { message: "upstream trouble" });
    const url = new URL(request.path, "http://alpaca");
    const byId = url.pathname.match(/^\/v2\/orders\/([^/:]+)$/);
    if (request.method === "POST" && url.pathname === "/v2/orders") return place(JSON.parse(request.body) as Record<string, string>, res);
    if (request.method === "GET" && url.pathname === "/v2/orders:by_client_order_id") {
      const entry = book.get(url.searchParams.get("client_order_id") ?? "");
      return entry ? json(res, 200, read(entry)) : json(res, 404, { code: 40410000, message: "order not found" });
    }
    if (byId && request.method === "GET") {
      const entry = [...book.values()].find((e) => e.order.id === byId[1]);
      return entry ? json(res, 200, read(entry)) : json(res, 404, { code: 40410000, message: "order not found" });
    }
    if (byId && request.method === "DELETE") return cancel(byId[1]!, res);
    if (request.method === "GET" && url.pathname === "/v2/clock") return json(res, 200, clock);
    if (request.method === "GET" && url.pathname === "/v2/positions") {
      return json(
        res,
        200,
        positions().map(([symbol, qty]) => ({ symbol, qty: qty.toString(), side: qty.isNegative() ? "short" : "long", asset_class: "us_equity" })),
      );
    }
    return json(res, 404, { message: "not found" });
  }

  const server = await localHttpServer(respond);
  return {
    url: server.url,
    requests: server.requests,
    close: server.close,
    /** An adapter pointed here, with the right keys. */
    broker: () => new AlpacaBroker({ baseUrl: server.url, keyId, secretKey }),
    /** How orders for `symbol` placed from now on behave. */
    scenario(symbol: string, scenario: AlpacaScenario) {
      scenarios.set(symbol, scenario);
    },
    /** Another part fills; `last` fills the order in full. */
    fill(clientOrderId: string, part: { qty: string; price?: string; last?: boolean }) {
      const entry = entryOf(clientOrderId);
      addFill(entry, new Decimal(part.qty), new Decimal(part.price ?? entry.scenario.price ?? price));
      touch(entry, part.last ? "filled" : "partially_filled");
    },
    /** Sets an order's status as Alpaca would (the close expiring it, done_for_day, any status under test). */
    setStatus(clientOrderId: string, status: string, extra: Partial<BookOrder> = {}) {
      const entry = entryOf(clientOrderId);
      touch(entry, status);
      Object.assign(entry.order, extra);
    },
    order: (clientOrderId: string) => entryOf(clientOrderId).order,
    orders: () => [...book.values()].map((entry) => entry.order),
    /** Shares held per symbol, from the fills: what GET /v2/positions reports. */
    positions: () => Object.fromEntries(positions().map(([symbol, qty]) => [symbol, qty.toString()])),
    setClock(next: typeof clock) {
      clock = next;
    },
    /** Every request is answered with this status (an outage, rate limiting), or normally again with null. */
    failWith(status: number | null) {
      failWith = status;
    },
    /** An empty book, no scenarios, no requests recorded, answering normally. */
    reset() {
      server.requests.length = 0;
      book.clear();
      scenarios.clear();
      failWith = null;
    },
  };
}

export type AlpacaServer = Awaited<ReturnType<typeof alpacaServer>>;
