/**
 * What a change of model would do to an account, before anything trades: the allocation now and after, the trades
 * (the rebalance the change would start: planRebalance against the new targets), the gain each sale would realise
 * (selectLots: the lots that realise the least), split short- and long-term, and a rough tax on it. Pure.
 *
 * The tax is an illustration, not advice: net short-term and net long-term gains are netted against each other as
 * the IRS nets them (a net loss on one side reduces a net gain on the other), and what remains is taxed at
 * ESTIMATE_RATES (32% short-term, a common ordinary-income bracket; 15% long-term, the common capital-gains rate),
 * each rounded half up to the cent. Losses never produce a negative tax.
 */
import Decimal from "decimal.js";
import type { Position, Target } from "./plan";
import { planRebalance, selectLots, type Lot } from "./rebalance-plan";

export const ESTIMATE_RATES = { short: new Decimal("0.32"), long: new Decimal("0.15") } as const;

const CENTS = new Decimal(100);
const cents = (dollars: Decimal) => BigInt(dollars.times(CENTS).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
const centsDown = (dollars: Decimal) => BigInt(dollars.times(CENTS).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0));

export interface AllocationLine {
  symbol: string;
  /** Value now (cents) and its share of the account (cash included in the total). */
  value: bigint;
  weight: Decimal;
  /** The current model's weight (0 without a model or when the model does not hold it) and the new one's. */
  targetNow: Decimal;
  targetNew: Decimal;
}

export interface PreviewSell {
  symbol: string;
  quantity: Decimal;
  price: Decimal;
  /** Proceeds at `price`, rounded down to the cent. */
  amount: bigint;
  /** Realised gain (negative: a loss), cents, by holding period. */
  shortTermGain: bigint;
  longTermGain: bigint;
}

export interface ModelChangePreview {
  /** Cash plus holdings at the prices used, cents (each holding rounded down to the cent, as the holdings page shows it). */
  total: bigint;
  cash: bigint;
  allocation: AllocationLine[];
  sells: PreviewSell[];
  buys: { symbol: string; amount: bigint }[];
  /** Sum of the sales' realised gains, cents, by holding period, and the estimated tax on them (ESTIMATE_RATES). */
  realised: { shortTerm: bigint; longTerm: bigint };
  estimatedTax: bigint;
  /** The prices the preview used, by symbol: a confirmation compares today's with these. */
  prices: Record<string, string>;
}

/** The tax estimate on net short- and long-term gains (cents), after netting one side's loss against the other's gain. */
export function estimateTax(shortTerm: bigint, longTerm: bigint): bigint {
  let short = shortTerm;
  let long = longTerm;
  if (short < 0n && long > 0n) [long, short] = [long + short > 0n ? long + short : 0n, 0n];
  else if (long < 0n && short > 0n) [short, long] = [short + long > 0n ? short + long : 0n, 0n];
  const taxed = (gain: bigint, rate: Decimal) => (gain > 0n ? cents(new Decimal(gain.toString()).dividedBy(CENTS).times(rate)) : 0n);
  return taxed(short, ESTIMATE_RATES.short) + taxed(long, ESTIMATE_RATES.long);
}

export function previewModelChange(
  cash: bigint,
  positions: Position[],
  lots: Lot[],
  targetsNow: Target[],
  targetsNew: Target[],
  now: Date,
): ModelChangePreview {
  const value = (p: Position) => p.quantity.times(p.price);
  const totalDollars = positions.reduce((sum, p) => sum.plus(value(p)), new Decimal(cash.toString()).dividedBy(CENTS));
  const weightIn = (targets: Target[], symbol: string) => targets.find((t) => t.symbol === symbol)?.weight ?? new Decimal(0);
  const symbols = [...new Set([...positions.map((p) => p.symbol), ...targetsNow.map((t) => t.symbol), ...targetsNew.map((t) => t.symbol)])].sort();
  const allocation = symbols
    .map((symbol) => {
      const held = positions.find((p) => p.symbol === symbol);
      const dollars = held ? value(held) : new Decimal(0);
      return {
        symbol,
        value: centsDown(dollars),
        weight: totalDollars.isZero() ? new Decimal(0) : dollars.dividedBy(totalDollars),
        targetNow: weightIn(targetsNow, symbol),
        targetNew: weightIn(targetsNew, symbol),
      };
    })
    .filter((line) => line.value > 0n || line.targetNow.greaterThan(0) || line.targetNew.greaterThan(0));

  const plan = planRebalance(cash, positions, targetsNew);
  const sells = plan.sells.map((sell): PreviewSell => {
    const price = positions.find((p) => p.symbol === sell.symbol)!.price;
    const { picks } = selectLots(
      lots.filter((lot) => lot.symbol === sell.symbol),
      sell.quantity,
      price,
      now,
    );
    const byTerm = (term: "short" | "long") => picks.filter((p) => p.term === term).reduce((sum, p) => sum.plus(p.gain), new Decimal(0));
    return {
      symbol: sell.symbol,
      quantity: sell.quantity,
      price,
      amount: centsDown(sell.quantity.times(price)),
      shortTermGain: cents(byTerm("short")),
      longTermGain: cents(byTerm("long")),
    };
  });
  const realised = {
    shortTerm: sells.reduce((sum, s) => sum + s.shortTermGain, 0n),
    longTerm: sells.reduce((sum, s) => sum + s.longTermGain, 0n),
  };
  return {
    // The sum of the lines as shown (each rounded down), as the holdings page adds them up.
    total: cash + allocation.reduce((sum, line) => sum + line.value, 0n),
    cash,
    allocation,
    sells,
    buys: plan.buys.map((buy) => ({ symbol: buy.symbol, amount: buy.notional })),
    realised,
    estimatedTax: estimateTax(realised.shortTerm, realised.longTerm),
    prices: Object.fromEntries(positions.map((p) => [p.symbol, p.price.toString()])),
  };
}

/** The largest relative move between the preview's prices and today's (0.025 = 2.5%); a symbol without a price today counts as moved. */
export function largestPriceMove(previewed: Record<string, string>, today: Record<string, string>): Decimal {
  return Object.entries(previewed).reduce((largest, [symbol, then]) => {
    const now = today[symbol];
    if (now === undefined) return new Decimal(Infinity);
    const before = new Decimal(then);
    const move = before.isZero() ? new Decimal(0) : new Decimal(now).minus(before).abs().dividedBy(before);
    return Decimal.max(largest, move);
  }, new Decimal(0));
}
