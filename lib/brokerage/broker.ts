import Decimal from "decimal.js";
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

/**
 * Where an order stands. `open` may still fill (in part or more); the others are final: `filled` in full,
 * `canceled` or `expired` with whatever part filled before, `rejected` with nothing filled.
 */
export type BrokerOrderStatus = "open" | "filled" | "canceled" | "expired" | "rejected";

/**
 * For an open order, whether waiting can fill it: `working` (it may fill any moment), `stalled` (nothing more
 * fills until someone acts: done for the day, suspended), `cancelling` (a cancel is under way; it may still
 * fill until the broker calls it final).
 */
export type OpenOrderState = "working" | "stalled" | "cancelling";

export interface BrokerOrder {
  clientOrderId: string;
  brokerOrderId: string;
  symbol: string;
  side: Side;
  status: BrokerOrderStatus;
  /** Open orders only (null once final). */
  openState: OpenOrderState | null;
  /** The broker's own word for the status (Alpaca's `partially_filled`, `done_for_day`…), for people to read. */
  brokerStatus: string;
  /** Shares filled so far, partial or final: zero when none. */
  filledQuantity: Decimal;
  /** Average price of what filled; null when nothing has. */
  filledPrice: Decimal | null;
  /** Cents paid (buys, rounded up) or received (sells, rounded down) for what filled so far: zero when none. */
  filledNotional: bigint;
  rejectReason: string | null;
}

/** One interface for every broker: the simulated one here, Alpaca in production. */
export interface Broker {
  readonly name: string;
  placeOrder(request: OrderRequest): Promise<BrokerOrder>;
  getOrder(clientOrderId: string): Promise<BrokerOrder | null>;
  /**
   * Asks the broker to cancel what has not filled of an open order; nothing for an order already final. The
   * outcome (canceled, or filled after all) is read with `getOrder`: a cancel may take a while.
   */
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

/**
 * Cents for `quantity` shares at `price`, never in the platform's disfavour of overspending: a buy's cost is
 * rounded up, a sale's proceeds down.
 */
export function fillCents(side: Side, quantity: Decimal, price: Decimal | null): bigint {
  if (!price || quantity.isZero()) return 0n;
  const cents = quantity.times(price).times(100);
  return BigInt(cents.toDecimalPlaces(0, side === "BUY" ? Decimal.ROUND_UP : Decimal.ROUND_DOWN).toFixed(0));
}
