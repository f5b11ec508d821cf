import Decimal from "decimal.js";
import {
  type Broker,
  type BrokerOrder,
  type BrokerOrderStatus,
  BrokerMismatch,
  BrokerUnavailable,
  fillCents,
  type OpenOrderState,
  type OrderRequest,
} from "./broker";
import type { MarketClock } from "./market-calendar";

export interface AlpacaOptions {
  /** https://api.alpaca.markets (live) or https://paper-api.alpaca.markets (paper). */
  baseUrl: string;
  keyId: string;
  secretKey: string;
  timeoutMs?: number;
}

interface AlpacaOrder {
  id: string;
  client_order_id: string;
  symbol: string;
  side: "buy" | "sell";
  status: string;
  filled_qty: string | null;
  filled_avg_price: string | null;
  replaced_by?: string | null;
}

const working = { status: "open", openState: "working" } as const;
const stalled = { status: "open", openState: "stalled" } as const;
const final = (status: Exclude<BrokerOrderStatus, "open">) => ({ status, openState: null });

/**
 * Every order status Alpaca documents, and what it means for us. `replaced` is absent on purpose: we never
 * replace an order, so one Alpaca replaced (a corporate action) has its fills on another order, which only an
 * operator can settle.
 */
const STATUSES: Record<string, { status: BrokerOrderStatus; openState: OpenOrderState | null }> = {
  new: working,
  accepted: working,
  pending_new: working,
  accepted_for_bidding: working,
  partially_filled: working,
  // Waits for another order to trigger it (bracket legs): still live.
  held: working,
  // A trade is guaranteed but has not happened yet.
  stopped: working,
  // While it lasts the order can still fill, and Alpaca refuses to cancel it.
  pending_replace: working,
  // Nothing more fills today: its remainder is cancelled rather than left to a later session.
  done_for_day: stalled,
  // Done for the day (filled or not), figures still being worked out: a cancel is refused if it all filled.
  calculated: stalled,
  suspended: stalled,
  // May still fill until Alpaca calls it canceled.
  pending_cancel: { status: "open", openState: "cancelling" },
  filled: final("filled"),
  canceled: final("canceled"),
  expired: final("expired"),
  rejected: final("rejected"),
};

/**
 * Alpaca's Trading API v2 (market orders by notional for buys and quantity for sells, `client_order_id` for
 * idempotency, clock, positions). Network failures, 429 and 5xx are `BrokerUnavailable` (retry); an order
 * Alpaca refuses comes back as rejected, so its cash is released. Every answer carries what has filled so far,
 * whatever the status: an order can end canceled or expired with part of it filled.
 */
export class AlpacaBroker implements Broker {
  readonly name = "alpaca";

  constructor(private readonly options: AlpacaOptions) {}

  private async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers: {
          "APCA-API-KEY-ID": this.options.keyId,
          "APCA-API-SECRET-KEY": this.options.secretKey,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new BrokerUnavailable(`Alpaca unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status === 429 || response.status >= 500) throw new BrokerUnavailable(`Alpaca answered ${response.status}`);
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new BrokerUnavailable(`Alpaca answered ${response.status} with a body that is not JSON`);
    }
    return { status: response.status, json };
  }

  async placeOrder(request: OrderRequest): Promise<BrokerOrder> {
    const { status, json } = await this.request("POST", "/v2/orders", {
      symbol: request.symbol,
      side: request.side === "BUY" ? "buy" : "sell",
      type: "market",
      time_in_force: "day",
      client_order_id: request.clientOrderId,
      ...(request.notional !== undefined
        ? { notional: new Decimal(request.notional.toString()).dividedBy(100).toFixed(2) }
        : { qty: request.quantity!.toFixed(6) }),
    });
    if (status === 200 || status === 201) return this.toOrder(json as AlpacaOrder, request.clientOrderId);
    if (status === 422 && /client_order_id/i.test(JSON.stringify(json))) {
      // Placed before (a retry after a crash): the first order stands.
      const existing = await this.getOrder(request.clientOrderId);
      if (existing) return existing;
    }
    const message = (json as { message?: string } | null)?.message ?? `Alpaca refused the order (${status})`;
    return {
      clientOrderId: request.clientOrderId,
      brokerOrderId: "",
      symbol: request.symbol,
      side: request.side,
      status: "rejected",
      openState: null,
      brokerStatus: `refused (${status})`,
      filledQuantity: new Decimal(0),
      filledPrice: null,
      filledNotional: 0n,
      rejectReason: message,
    };
  }

  async getOrder(clientOrderId: string): Promise<BrokerOrder | null> {
    const { status, json } = await this.request("GET", `/v2/orders:by_client_order_id?client_order_id=${encodeURIComponent(clientOrderId)}`);
    if (status === 404) return null;
    if (status !== 200) throw new BrokerUnavailable(`Alpaca answered ${status} looking up ${clientOrderId}`);
    return this.toOrder(json as AlpacaOrder, clientOrderId);
  }

  async cancelOrder(clientOrderId: string): Promise<void> {
    const order = await this.getOrder(clientOrderId);
    if (!order) throw new BrokerMismatch(`Alpaca does not know order ${clientOrderId}, which we placed`);
    if (order.status !== "open") return;
    const { status, json } = await this.request("DELETE", `/v2/orders/${encodeURIComponent(order.brokerOrderId)}`);
    // 204: the cancel is under way. 422: no longer cancelable (it filled or ended meanwhile); the next read says which.
    if (status === 204 || status === 200 || status === 422) return;
    if (status === 404) throw new BrokerMismatch(`Alpaca does not know order ${order.brokerOrderId} (${clientOrderId})`);
    const message = (json as { message?: string } | null)?.message ?? "";
    throw new BrokerUnavailable(`Alpaca answered ${status} cancelling ${clientOrderId} ${message}`.trim());
  }

  async listPositions(): Promise<{ symbol: string; quantity: Decimal }[]> {
    const { json } = await this.request("GET", "/v2/positions");
    return (json as { symbol: string; qty: string }[]).map((p) => ({ symbol: p.symbol, quantity: new Decimal(p.qty) }));
  }

  async clock(): Promise<MarketClock> {
    const { json } = await this.request("GET", "/v2/clock");
    const clock = json as { is_open: boolean; next_open: string; next_close: string };
    return { isOpen: clock.is_open, nextOpen: new Date(clock.next_open), nextClose: new Date(clock.next_close) };
  }

  private toOrder(order: AlpacaOrder, expectedClientOrderId: string): BrokerOrder {
    if (order.client_order_id !== expectedClientOrderId) {
      throw new BrokerMismatch(`Alpaca answered with order ${order.client_order_id}, not ${expectedClientOrderId}`);
    }
    const mapped = STATUSES[order.status];
    if (!mapped) {
      const replaced = order.status === "replaced" ? ` by ${order.replaced_by ?? "another order"}` : "";
      throw new BrokerMismatch(`Alpaca reports order ${expectedClientOrderId} as ${order.status}${replaced}, which we never ask for: an operator settles it`);
    }
    const side = order.side === "buy" ? "BUY" : "SELL";
    const quantity = new Decimal(order.filled_qty || 0);
    const price = order.filled_avg_price ? new Decimal(order.filled_avg_price) : null;
    return {
      clientOrderId: order.client_order_id,
      brokerOrderId: order.id,
      symbol: order.symbol,
      side,
      ...mapped,
      brokerStatus: order.status,
      filledQuantity: quantity,
      filledPrice: price,
      filledNotional: fillCents(side, quantity, price),
      rejectReason: order.status === "rejected" ? "rejected by Alpaca" : null,
    };
  }
}
