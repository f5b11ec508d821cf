/**
 * Rebalancing, pure: which shares to sell and which to buy to bring an account back to its targets, and
 * which tax lots each sale uses. Sells come before buys; cash on hand is used first, so only what cash cannot
 * cover is sold; no trade under $1.
 */
import Decimal from "decimal.js";
import { isLongTerm } from "../tax/holding-period";
import { assertValidTargets, MIN_ORDER, planBuys, type BuyOrder, type Position, type Target } from "./plan";

export interface Lot {
  id: string;
  symbol: string;
  acquiredAt: Date;
  remainingQuantity: Decimal;
  costPerShare: Decimal;
}

export interface SellOrder {
  symbol: string;
  quantity: Decimal;
}

const SIX = 6;
const CENTS = new Decimal(100);

/**
 * Sells the overweight part of each holding, but only as much as the underweight assets need beyond the cash
 * already there; then buys with cash plus the proceeds. Quantities round down to 1e-6 shares.
 */
export function planRebalance(cash: bigint, positions: Position[], targets: Target[]): { sells: SellOrder[]; buys: BuyOrder[] } {
  assertValidTargets(targets);
  const weightOf = new Map(targets.map((t) => [t.symbol, t.weight]));
  const value = (p: Position) => p.quantity.times(p.price);
  const cashDollars = new Decimal(cash.toString()).dividedBy(CENTS);
  const total = positions.reduce((sum, p) => sum.plus(value(p)), cashDollars);
  if (total.isZero()) return { sells: [], buys: [] };

  const shortfall = targets.reduce((sum, t) => {
    const held = positions.find((p) => p.symbol === t.symbol);
    const gap = total.times(t.weight).minus(held ? value(held) : 0);
    return gap.greaterThan(0) ? sum.plus(gap) : sum;
  }, new Decimal(0));
  // What the cash cannot cover has to come from selling overweight holdings, largest excess first.
  let toRaise = Decimal.max(0, shortfall.minus(cashDollars));
  const overweight = positions
    .map((p) => ({ position: p, excess: value(p).minus(total.times(weightOf.get(p.symbol) ?? 0)) }))
    .filter((o) => o.excess.greaterThan(0))
    .sort((a, b) => b.excess.comparedTo(a.excess) || a.position.symbol.localeCompare(b.position.symbol));

  const sells: SellOrder[] = [];
  const after = new Map(positions.map((p) => [p.symbol, { ...p }]));
  let proceeds = new Decimal(0);
  for (const { position, excess } of overweight) {
    if (!toRaise.greaterThan(0)) break;
    const dollars = Decimal.min(excess, toRaise);
    if (dollars.times(CENTS).lessThan(MIN_ORDER.toString())) continue;
    const quantity = Decimal.min(position.quantity, dollars.dividedBy(position.price).toDecimalPlaces(SIX, Decimal.ROUND_DOWN));
    if (!quantity.greaterThan(0)) continue;
    sells.push({ symbol: position.symbol, quantity });
    const sold = quantity.times(position.price);
    proceeds = proceeds.plus(sold);
    toRaise = toRaise.minus(sold);
    after.get(position.symbol)!.quantity = position.quantity.minus(quantity);
  }
  const cashAfter = cash + BigInt(proceeds.times(CENTS).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0));
  const buys = planBuys(cashAfter, [...after.values()].filter((p) => p.quantity.greaterThan(0)), targets);
  return { sells, buys };
}

/**
 * The lots a sale of `quantity` shares uses, to realise as little gain as possible: losses first (the largest
 * loss per share first), then long-term gains, then short-term gains (the smallest gain per share first in
 * each). Returns each lot's share and the gain realised at `price`.
 */
export function selectLots(
  lots: Lot[],
  quantity: Decimal,
  price: Decimal,
  now: Date,
): { picks: { lotId: string; quantity: Decimal; gain: Decimal; term: "long" | "short" }[]; gain: Decimal } {
  const available = lots.reduce((sum, lot) => sum.plus(lot.remainingQuantity), new Decimal(0));
  if (available.lessThan(quantity)) throw new Error(`only ${available.toString()} shares held, cannot sell ${quantity.toString()}`);
  const rank = (lot: Lot) => {
    const gainPerShare = price.minus(lot.costPerShare);
    const longTerm = isLongTerm(lot.acquiredAt, now);
    return { lot, gainPerShare, longTerm, group: gainPerShare.lessThan(0) ? 0 : longTerm ? 1 : 2 };
  };
  const ordered = lots
    .filter((lot) => lot.remainingQuantity.greaterThan(0))
    .map(rank)
    .sort((a, b) => a.group - b.group || a.gainPerShare.comparedTo(b.gainPerShare) || a.lot.acquiredAt.getTime() - b.lot.acquiredAt.getTime());
  let left = quantity;
  let gain = new Decimal(0);
  const picks: { lotId: string; quantity: Decimal; gain: Decimal; term: "long" | "short" }[] = [];
  for (const { lot, gainPerShare, longTerm } of ordered) {
    if (!left.greaterThan(0)) break;
    const take = Decimal.min(left, lot.remainingQuantity);
    const lotGain = take.times(gainPerShare);
    picks.push({ lotId: lot.id, quantity: take, gain: lotGain, term: longTerm ? "long" : "short" });
    gain = gain.plus(lotGain);
    left = left.minus(take);
  }
  return { picks, gain };
}
