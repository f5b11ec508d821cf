import Decimal from "decimal.js";
import { db } from "../db";
import { type Broker, type BrokerOrder, BrokerUnavailable, fillCents, MarketClosed, type OrderRequest } from "./broker";
import { marketClock, type MarketClock } from "./market-calendar";

export interface SimulatedBrokerOptions {
  /** Half of it is paid on each side of the latest price (5 = 0.05%). */
  spreadBps?: number;
  /** "always-open" (development default, so a demo works at any hour) or "nyse" (real hours and holidays). */
  market?: "always-open" | "nyse";
  /** Added to every call. */
  latencyMs?: number;
  /** The next N calls fail as an outage would. */
  failNextCalls?: number;
  /** Symbols the broker refuses. */
  rejectSymbols?: string[];
  /**
   * Symbols whose orders fill only in part: `fraction` of the order fills at once ("0": nothing), and the rest
   * stays open (`then: "open"`, the default), is done for the day, or expires at once.
   */
  partialFills?: Record<string, { fraction: string; then?: "open" | "done_for_day" | "expired" }>;
  now?: () => Date;
}

const SIX = 6;

/**
 * A broker for development and tests: fills market orders at once at the latest stored price plus half the
 * spread, in fractional shares to 1e-6, never spending more than the notional; or, when told to, only in
 * part, leaving the rest open until it is cancelled or expired. Its book lives in PostgreSQL
 * (SimulatedBrokerOrder), so an order placed before a crash is still there after it.
 */
export class SimulatedBroker implements Broker {
  readonly name = "simulated";
  private failuresLeft: number;

  constructor(private readonly options: SimulatedBrokerOptions = {}) {
    this.failuresLeft = options.failNextCalls ?? 0;
  }

  /** Makes the next `count` calls fail (an outage). */
  failNext(count: number): void {
    this.failuresLeft = count;
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new BrokerUnavailable("simulated broker outage");
    }
    return work();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async clock(): Promise<MarketClock> {
    return this.call(async () => {
      const now = this.now();
      if (this.options.market !== "nyse") {
        return { isOpen: true, nextOpen: now, nextClose: new Date(now.getTime() + 24 * 3600_000) };
      }
      return marketClock(now);
    });
  }

  async placeOrder(request: OrderRequest): Promise<BrokerOrder> {
    return this.call(async () => {
      const existing = await db.simulatedBrokerOrder.findUnique({ where: { clientOrderId: request.clientOrderId } });
      if (existing) return toBrokerOrder(existing);
      const clock = await this.clockNow();
      if (!clock.isOpen) throw new MarketClosed(clock.nextOpen);

      const fill = await this.fill(request);
      const row = await db.simulatedBrokerOrder.upsert({
        where: { clientOrderId: request.clientOrderId },
        update: {},
        create: {
          clientOrderId: request.clientOrderId,
          symbol: request.symbol,
          side: request.side,
          notional: request.notional ?? null,
          quantity: request.quantity?.toFixed(SIX) ?? null,
          status: fill.status,
          filledQuantity: fill.quantity?.toFixed(SIX) ?? null,
          filledPrice: fill.price?.toFixed(SIX) ?? null,
          filledAt: fill.quantity?.greaterThan(0) ? this.now() : null,
        },
      });
      return toBrokerOrder(row);
    });
  }

  private async clockNow(): Promise<MarketClock> {
    const now = this.now();
    return this.options.market === "nyse" ? marketClock(now) : { isOpen: true, nextOpen: now, nextClose: now };
  }

  private async fill(request: OrderRequest): Promise<{ status: string; quantity?: Decimal; price?: Decimal }> {
    if (this.options.rejectSymbols?.includes(request.symbol)) return { status: "rejected:symbol not tradable" };
    const asset = await db.asset.findUnique({ where: { symbol: request.symbol }, include: { price: true } });
    if (!asset?.price) return { status: "rejected:unknown symbol" };
    const mid = new Decimal(asset.price.price.toString());
    const halfSpread = new Decimal(this.options.spreadBps ?? 5).dividedBy(20_000);
    let price: Decimal;
    let quantity: Decimal;
    if (request.side === "BUY") {
      price = mid.times(halfSpread.plus(1)).toDecimalPlaces(SIX, Decimal.ROUND_UP);
      const dollars = new Decimal((request.notional ?? 0n).toString()).dividedBy(100);
      quantity = dollars.dividedBy(price).toDecimalPlaces(SIX, Decimal.ROUND_DOWN);
      if (quantity.isZero()) return { status: "rejected:notional too small" };
    } else {
      price = mid.times(new Decimal(1).minus(halfSpread)).toDecimalPlaces(SIX, Decimal.ROUND_DOWN);
      quantity = request.quantity ?? new Decimal(0);
    }
    const partial = this.options.partialFills?.[request.symbol];
    if (!partial) return { status: "filled", quantity, price };
    const filled = quantity.times(partial.fraction).toDecimalPlaces(SIX, Decimal.ROUND_DOWN);
    return { status: partial.then ?? "open", quantity: filled, price: filled.isZero() ? undefined : price };
  }

  async getOrder(clientOrderId: string): Promise<BrokerOrder | null> {
    return this.call(async () => {
      const row = await db.simulatedBrokerOrder.findUnique({ where: { clientOrderId } });
      return row ? toBrokerOrder(row) : null;
    });
  }

  async cancelOrder(clientOrderId: string): Promise<void> {
    await this.call(() => db.simulatedBrokerOrder.updateMany({ where: { clientOrderId, status: { in: OPEN } }, data: { status: "canceled" } }));
  }

  /** Expires every open order, as the close does to day orders; what filled of them stays filled. */
  async expireOpenOrders(): Promise<number> {
    const { count } = await db.simulatedBrokerOrder.updateMany({ where: { status: { in: OPEN } }, data: { status: "expired" } });
    return count;
  }

  async listPositions(): Promise<{ symbol: string; quantity: Decimal }[]> {
    return this.call(async () => {
      const rows = await db.$queryRaw<{ symbol: string; quantity: string }[]>`
        SELECT "symbol", sum(CASE WHEN "side" = 'BUY' THEN "filledQuantity" ELSE -"filledQuantity" END)::text AS quantity
        FROM "SimulatedBrokerOrder" WHERE "filledQuantity" > 0 GROUP BY "symbol" ORDER BY "symbol"`;
      return rows.map((row) => ({ symbol: row.symbol, quantity: new Decimal(row.quantity) }));
    });
  }
}

/** The book's statuses of orders that can still fill. */
const OPEN = ["open", "done_for_day"];

function toBrokerOrder(row: {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: "BUY" | "SELL";
  status: string;
  filledQuantity: { toString(): string } | null;
  filledPrice: { toString(): string } | null;
}): BrokerOrder {
  const [status, reason] = row.status.split(":", 2) as [string, string | undefined];
  const quantity = new Decimal(row.filledQuantity?.toString() ?? 0);
  const price = row.filledPrice ? new Decimal(row.filledPrice.toString()) : null;
  const open = OPEN.includes(status);
  return {
    clientOrderId: row.clientOrderId,
    brokerOrderId: row.id,
    symbol: row.symbol,
    side: row.side,
    status: open ? "open" : (status as BrokerOrder["status"]),
    openState: open ? (status === "done_for_day" ? "stalled" : "working") : null,
    brokerStatus: status,
    filledQuantity: quantity,
    filledPrice: price,
    // Buys never cost more than the notional (cents rounded up on ≤ notional shares); sells round down.
    filledNotional: fillCents(row.side, quantity, price),
    rejectReason: status === "rejected" ? (reason ?? "rejected") : null,
  };
}
