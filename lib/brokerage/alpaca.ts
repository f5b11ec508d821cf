import Decimal from "decimal.js";
import { type Broker, type BrokerOrder, BrokerMismatch, BrokerUnavailable, type OrderRequest } from "./broker";
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
}

const OPEN_STATUSES = new Set(["new", "accepted", "pending_new", "accepted_for_bidding", "partially_filled", "pending_cancel", "pending_replace", "held", "calculated", "done_for_day"]);

/**
 * Alpaca's Trading API v2 (market orders by notional for buys and quantity for sells, `client_order_id` for
 * idempotency, clock, positions). Network failures, 429 and 5xx are `BrokerUnavailable` (retry); an order
 * Alpaca refuses comes back as rejected, so its cash is released.
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
      filledQuantity: null,
      filledPrice: null,
      filledNotional: null,
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
    if (!order || order.status !== "open") return;
    await this.request("DELETE", `/v2/orders/${encodeURIComponent(order.brokerOrderId)}`);
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
    const side = order.side === "buy" ? "BUY" : "SELL";
    const filled = order.status === "filled";
    const quantity = order.filled_qty ? new Decimal(order.filled_qty) : null;
    const price = order.filled_avg_price ? new Decimal(order.filled_avg_price) : null;
    const cents = quantity && price ? quantity.times(price).times(100) : null;
    return {
      clientOrderId: order.client_order_id,
      brokerOrderId: order.id,
      symbol: order.symbol,
      side,
      status: filled ? "filled" : OPEN_STATUSES.has(order.status) ? "open" : order.status === "canceled" || order.status === "expired" ? "canceled" : "rejected",
      filledQuantity: filled ? quantity : null,
      filledPrice: filled ? price : null,
      filledNotional: filled && cents ? BigInt(cents.toDecimalPlaces(0, side === "BUY" ? Decimal.ROUND_UP : Decimal.ROUND_DOWN).toFixed(0)) : null,
      rejectReason: order.status === "rejected" ? "rejected by Alpaca" : null,
    };
  }
}
