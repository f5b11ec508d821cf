import type Decimal from "decimal.js";
import { DomainError } from "../errors";
import type { MarketClock } from "./market-calendar";

export type Side = "BUY" | "SELL";

export interface OrderRequest {
  /** Ours, deterministic: placing the same order twice returns the broker's first one. */
  clientOrderId: string;
  symbol: string;
  side: Side;
  /** Buys: cents to spend. */
  notional?: bigint;
  /** Sells: shares, to 1e-6. */
  quantity?: Decimal;
}

export interface BrokerOrder {
  clientOrderId: string;
  brokerOrderId: string;
  symbol: string;
  side: Side;
  status: "open" | "filled" | "canceled" | "rejected";
  filledQuantity: Decimal | null;
  filledPrice: Decimal | null;
  /** Cents paid (buys) or received (sells). */
  filledNotional: bigint | null;
  rejectReason: string | null;
}

/** One interface for every broker: the simulated one here, Alpaca in production. */
export interface Broker {
  readonly name: string;
  placeOrder(request: OrderRequest): Promise<BrokerOrder>;
  getOrder(clientOrderId: string): Promise<BrokerOrder | null>;
  cancelOrder(clientOrderId: string): Promise<void>;
  listPositions(): Promise<{ symbol: string; quantity: Decimal }[]>;
  clock(): Promise<MarketClock>;
}

/** The broker cannot be reached or failed: retry later. */
export class BrokerUnavailable extends Error {
  override name = "BrokerUnavailable";
}

export class MarketClosed extends DomainError {
  readonly code = "market_closed";
  readonly status = 409;
  constructor(readonly nextOpen: Date) {
    super(`The market is closed until ${nextOpen.toISOString()}.`);
  }
}

/** The broker's answer does not match what we asked: never settle it, stop and show an operator. */
export class BrokerMismatch extends Error {
  override name = "BrokerMismatch";
}
