/**
 * Order planning and drift: pure functions, no I/O. Cash is integer cents (bigint); quantities, prices and
 * weights are decimals (decimal.js). Rounding never spends cash that is not there.
 */
import Decimal from "decimal.js";

export interface Position {
  symbol: string;
  quantity: Decimal;
  price: Decimal;
}

export interface Target {
  symbol: string;
  /** A fraction of the portfolio: the model's weights sum to exactly 1. */
  weight: Decimal;
}

export interface BuyOrder {
  symbol: string;
  /** Cents to spend. */
  notional: bigint;
}

export const MIN_ORDER = 100n; // $1.00
export const MAX_IDLE = 100n; // at most $1.00 of the cash is left uninvested

const CENTS = new Decimal(100);
const toCents = (value: Decimal) => BigInt(value.times(CENTS).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0));
const fromCents = (cents: bigint) => new Decimal(cents.toString()).dividedBy(CENTS);
const valueOf = (position: Position) => position.quantity.times(position.price);

export class InvalidModel extends Error {
  override name = "InvalidModel";
}

/** Weights are fractions in [0, 1] summing to exactly 1, one per symbol. */
export function assertValidTargets(targets: Target[]): void {
  const symbols = new Set(targets.map((target) => target.symbol));
  if (symbols.size !== targets.length) throw new InvalidModel("a symbol appears twice in the model");
  if (targets.some((target) => target.weight.lessThan(0) || target.weight.greaterThan(1))) {
    throw new InvalidModel("weights must be between 0% and 100%");
  }
  const total = targets.reduce((sum, target) => sum.plus(target.weight), new Decimal(0));
  if (!total.equals(1)) throw new InvalidModel(`weights sum to ${total.times(100).toString()}%, not 100%`);
}

/**
 * Buys that bring the portfolio closest to its targets with `cash` (cents): the most underweight assets
 * first, each up to its target, no order under $1, never more than the cash, and at most $1 left idle
 * (the remainder tops up the first order). Assets with a zero weight are never bought.
 */
export function planBuys(cash: bigint, positions: Position[], targets: Target[]): BuyOrder[] {
  assertValidTargets(targets);
  if (cash < MIN_ORDER) return [];
  const held = new Map(positions.map((position) => [position.symbol, valueOf(position)]));
  const invested = [...held.values()].reduce((sum, value) => sum.plus(value), new Decimal(0));
  const total = invested.plus(fromCents(cash));

  const gaps = targets
    .filter((target) => target.weight.greaterThan(0))
    .map((target) => {
      const current = held.get(target.symbol) ?? new Decimal(0);
      const wanted = total.times(target.weight);
      return { symbol: target.symbol, shortfall: wanted.minus(current), weightGap: target.weight.minus(current.dividedBy(total)) };
    })
    .filter((gap) => gap.shortfall.greaterThan(0))
    .sort((a, b) => b.weightGap.comparedTo(a.weightGap) || a.symbol.localeCompare(b.symbol));

  let remaining = cash;
  const orders: BuyOrder[] = [];
  for (const gap of gaps) {
    const amount = [toCents(gap.shortfall), remaining].reduce((a, b) => (a < b ? a : b));
    if (amount >= MIN_ORDER) {
      orders.push({ symbol: gap.symbol, notional: amount });
      remaining -= amount;
    }
  }
  if (remaining >= MAX_IDLE && orders.length > 0) {
    orders[0] = { symbol: orders[0]!.symbol, notional: orders[0]!.notional + remaining };
  } else if (remaining >= MAX_IDLE && gaps.length > 0) {
    orders.push({ symbol: gaps[0]!.symbol, notional: remaining });
  }
  return orders;
}

