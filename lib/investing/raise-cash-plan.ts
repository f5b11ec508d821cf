/**
 * Selling to raise cash, pure: what to sell so that an account holds `target` cents of available cash (a
 * withdrawal, a fee the cash cannot cover), moving the account toward its model while it shrinks, and realising as
 * little tax as it can. No I/O.
 *
 * Conventions (docs/withdrawals.md repeats them):
 * - Cash first: only `target − cash` is raised by selling.
 * - A buffer against prices moving between the plan and the fills: 0.5 % of what must be raised, at least $1, never
 *   more than what is there. What the sales raise beyond the target stays in the account as cash (and is invested
 *   again by the idle-cash sweep).
 * - Which funds: the model's targets are taken on what stays invested after the sales; the funds furthest above their
 *   target there are sold first, each down to its target (funds outside the model have a 0% target). Those excesses
 *   sum to exactly what is sold, so the account ends on its model when the sales are all excess; rounding leftovers are
 *   sold from every fund in proportion to what remains of it. An account without a model sells in proportion to value.
 * - Orders: quantities round UP to 1e-6 shares (the sale must raise enough) and never exceed the holding; a sale under $1
 *   is folded into the largest sale (a lone sale under $1 sells $1, or the whole holding if smaller); a sale that would
 *   leave less than $1 of a fund sells all of it.
 * - Within a fund, lots by selectLots: losses first, then long-term gains, then short-term gains.
 * - "everything" sells every holding in full.
 * - Estimated proceeds are cents rounded down per sale (quantity × price), so the estimate never promises money the
 *   sale might not raise at that price.
 */
import Decimal from "decimal.js";
import { DomainError } from "../errors";
import { assertValidTargets, MIN_ORDER, type Position, type Target } from "./plan";
import { selectLots, type Lot } from "./rebalance-plan";

export type RaiseTarget = bigint | "everything";

export interface PlannedSale {
  symbol: string;
  quantity: Decimal;
  price: Decimal;
  /** Cents, rounded down. */
  estimatedProceeds: bigint;
  lots: { lotId: string; quantity: Decimal; gain: Decimal; term: "long" | "short" }[];
  /** Dollars: the estimated realised gain of this sale (negative: a loss). */
  gain: Decimal;
}

export interface CashRaisePlan {
  sales: PlannedSale[];
  /** Cents: the sum of the sales' estimated proceeds. */
  estimatedProceeds: bigint;
  /** Dollars, estimated, split by holding period. */
  gain: { short: Decimal; long: Decimal; total: Decimal };
  /** Cents: cash plus the estimated proceeds of selling everything. */
  available: bigint;
}

/** More than the account could raise by selling everything it holds. */
export class InsufficientToRaise extends DomainError {
  readonly code = "more_than_available";
  readonly status = 422;
  constructor(readonly available: bigint) {
    super(`That is more than is available: at most ${dollarText(available)} can be raised now.`);
  }
}

const SIX = 6;
const CENTS = new Decimal(100);
export const BUFFER_RATE = new Decimal("0.005");
export const MIN_BUFFER = 100n; // $1.00

const dollarText = (cents: bigint) =>
  `$${new Decimal(cents.toString()).dividedBy(CENTS).toNumber().toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const proceedsOf = (quantity: Decimal, price: Decimal) => BigInt(quantity.times(price).times(CENTS).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0));
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** What must be raised beyond `need`, against prices moving before the fills: 0.5 %, at least $1. */
export function bufferFor(need: bigint): bigint {
  const rate = BigInt(new Decimal(need.toString()).times(BUFFER_RATE).toDecimalPlaces(0, Decimal.ROUND_UP).toFixed(0));
  return rate > MIN_BUFFER ? rate : MIN_BUFFER;
}

export function planCashRaise(input: { target: RaiseTarget; cash: bigint; positions: Position[]; targets: Target[]; lots: Lot[]; now: Date }): CashRaisePlan {
  const positions = input.positions.filter((p) => p.quantity.greaterThan(0)).sort((a, b) => a.symbol.localeCompare(b.symbol));
  const cash = input.cash > 0n ? input.cash : 0n;
  const sellable = positions.reduce((sum, p) => sum + proceedsOf(p.quantity, p.price), 0n);
  const available = cash + sellable;

  let quantities: Map<string, Decimal>;
  if (input.target === "everything") {
    quantities = new Map(positions.map((p) => [p.symbol, p.quantity]));
  } else {
    if (input.target > available) throw new InsufficientToRaise(available);
    const need = input.target - cash;
    quantities = need > 0n ? chooseSales(need, positions, input.targets) : new Map();
  }

  const sales: PlannedSale[] = [];
  for (const position of positions) {
    const quantity = quantities.get(position.symbol);
    if (!quantity?.greaterThan(0)) continue;
    const lots = input.lots.filter((lot) => lot.symbol === position.symbol);
    const { picks, gain } = selectLots(lots, quantity, position.price, input.now);
    sales.push({ symbol: position.symbol, quantity, price: position.price, estimatedProceeds: proceedsOf(quantity, position.price), lots: picks, gain });
  }
  const byTerm = (term: "long" | "short") => sales.reduce((sum, s) => s.lots.filter((l) => l.term === term).reduce((acc, l) => acc.plus(l.gain), sum), new Decimal(0));
  const gain = { short: byTerm("short"), long: byTerm("long"), total: sales.reduce((sum, s) => sum.plus(s.gain), new Decimal(0)) };
  return { sales, estimatedProceeds: sales.reduce((sum, s) => sum + s.estimatedProceeds, 0n), gain, available };
}

/** Quantities to sell per symbol so that their proceeds cover `need` plus the buffer (see the conventions above). */
function chooseSales(need: bigint, positions: Position[], targets: Target[]): Map<string, Decimal> {
  const value = (p: Position) => p.quantity.times(p.price);
  const invested = positions.reduce((sum, p) => sum.plus(value(p)), new Decimal(0));
  const sellable = positions.reduce((sum, p) => sum + proceedsOf(p.quantity, p.price), 0n);
  const goalCents = min(need + bufferFor(need), sellable);
  // Raising (nearly) all of it: sell everything rather than leave crumbs below the minimum order.
  if (sellable - goalCents < MIN_ORDER) return new Map(positions.map((p) => [p.symbol, p.quantity]));

  const goal = new Decimal(goalCents.toString()).dividedBy(CENTS);
  // What stays invested after the sales; the excesses over its targets sum to exactly the goal.
  const after = invested.minus(goal);
  let weightOf: (p: Position) => Decimal;
  if (targets.length > 0) {
    assertValidTargets(targets);
    const weights = new Map(targets.map((t) => [t.symbol, t.weight]));
    weightOf = (p) => weights.get(p.symbol) ?? new Decimal(0);
  } else {
    weightOf = (p) => value(p).dividedBy(invested);
  }

  // Dollars to sell per symbol: the largest excess over its target first, each down to its target …
  const dollars = new Map<string, Decimal>();
  let left = goal;
  const excesses = positions
    .map((p) => ({ p, excess: value(p).minus(Decimal.max(0, after).times(weightOf(p))) }))
    .filter((e) => e.excess.greaterThan(0))
    .sort((a, b) => b.excess.comparedTo(a.excess) || a.p.symbol.localeCompare(b.p.symbol));
  for (const { p, excess } of excesses) {
    if (!left.greaterThan(0)) break;
    const take = Decimal.min(excess, left);
    dollars.set(p.symbol, take);
    left = left.minus(take);
  }
  // … then what the buffer still needs, from every fund in proportion to what remains of it.
  if (left.greaterThan(0)) {
    const remaining = positions.map((p) => ({ p, rest: value(p).minus(dollars.get(p.symbol) ?? 0) })).filter((r) => r.rest.greaterThan(0));
    const restTotal = remaining.reduce((sum, r) => sum.plus(r.rest), new Decimal(0));
    for (const { p, rest } of remaining) dollars.set(p.symbol, (dollars.get(p.symbol) ?? new Decimal(0)).plus(left.times(rest).dividedBy(restTotal)));
  }

  // No order under $1: a sale that small is folded into the largest one (which, alone and under $1, sells $1).
  const minOrder = new Decimal(MIN_ORDER.toString()).dividedBy(CENTS);
  const ranked = [...dollars].filter(([, amount]) => amount.greaterThan(0)).sort((a, b) => b[1].comparedTo(a[1]) || a[0].localeCompare(b[0]));
  for (const entry of ranked.slice(1)) {
    if (entry[1].lessThan(minOrder)) {
      ranked[0]![1] = ranked[0]![1].plus(entry[1]);
      entry[1] = new Decimal(0);
    }
  }
  const quantities = new Map<string, Decimal>();
  for (const [symbol, planned] of ranked) {
    if (!planned.greaterThan(0)) continue;
    const p = positions.find((position) => position.symbol === symbol)!;
    const amount = Decimal.max(planned, Decimal.min(minOrder, value(p)));
    let quantity = Decimal.min(p.quantity, amount.dividedBy(p.price).toDecimalPlaces(SIX, Decimal.ROUND_UP));
    // No crumb under $1 left behind: sell the whole holding instead.
    if (p.quantity.minus(quantity).times(p.price).lessThan(minOrder)) quantity = p.quantity;
    quantities.set(symbol, quantity);
  }
  return quantities;
}
