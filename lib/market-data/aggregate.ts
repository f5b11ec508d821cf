/**
 * Quote aggregation, pure: per symbol, the median of the fresh, sane quotes from all sources; a quote far from
 * the others is rejected (and reported), so one source's bad tick cannot move a portfolio.
 */
import Decimal from "decimal.js";

export interface Quote {
  source: string;
  symbol: string;
  price: Decimal;
  at: Date;
}

export interface AggregatedPrice {
  symbol: string;
  price: Decimal;
  at: Date;
  sources: string[];
}

export interface RejectedQuote {
  quote: Quote;
  reason: string;
}

export interface AggregationRules {
  /** Quotes older than this are stale (15 minutes during market hours). */
  maxAgeMs: number;
  /** A quote further than this fraction from the median of the others is an outlier (0.05 = 5%). */
  maxDeviation: Decimal;
  /** Anything above this is not a real price for the funds we trade. */
  maxPrice: Decimal;
}

export const DEFAULT_RULES: AggregationRules = { maxAgeMs: 15 * 60_000, maxDeviation: new Decimal("0.05"), maxPrice: new Decimal(1_000_000) };

function median(values: Decimal[]): Decimal {
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : sorted[middle - 1]!.plus(sorted[middle]!).dividedBy(2);
}

export function aggregateQuotes(quotes: Quote[], now: Date, rules: AggregationRules = DEFAULT_RULES): { prices: AggregatedPrice[]; rejected: RejectedQuote[] } {
  const rejected: RejectedQuote[] = [];
  const bySymbol = new Map<string, Quote[]>();
  for (const quote of quotes) {
    if (!quote.price.isFinite() || quote.price.lessThanOrEqualTo(0)) rejected.push({ quote, reason: "price is zero, negative or not a number" });
    else if (quote.price.greaterThan(rules.maxPrice)) rejected.push({ quote, reason: "price is absurdly high" });
    else if (quote.at.getTime() > now.getTime() + 60_000) rejected.push({ quote, reason: "quote is from the future" });
    else if (now.getTime() - quote.at.getTime() > rules.maxAgeMs) rejected.push({ quote, reason: "quote is stale" });
    else bySymbol.set(quote.symbol, [...(bySymbol.get(quote.symbol) ?? []), quote]);
  }
  const prices: AggregatedPrice[] = [];
  for (const [symbol, fresh] of bySymbol) {
    const center = median(fresh.map((q) => q.price));
    const accepted = fresh.filter((quote) => {
      // With one or two quotes there is no majority to judge by: keep both unless they disagree, then keep none.
      const far = quote.price.minus(center).abs().dividedBy(center).greaterThan(rules.maxDeviation);
      if (far) rejected.push({ quote, reason: `more than ${rules.maxDeviation.times(100).toString()}% from the median ${center.toString()}` });
      return !far;
    });
    if (accepted.length === 0) continue;
    prices.push({
      symbol,
      price: median(accepted.map((q) => q.price)).toDecimalPlaces(6),
      at: new Date(Math.max(...accepted.map((q) => q.at.getTime()))),
      sources: [...new Set(accepted.map((q) => q.source))].sort(),
    });
  }
  return { prices: prices.sort((a, b) => a.symbol.localeCompare(b.symbol)), rejected };
}

export interface BreakerState {
  consecutiveFailures: number;
  openUntil: Date | null;
}

export const BREAKER_THRESHOLD = 3;
export const BREAKER_COOLDOWN_MS = 5 * 60_000;

/** Whether a source may be asked now: closed, or open but past its cool-down (one trial request). */
export function breakerAllows(state: BreakerState, now: Date): boolean {
  return !state.openUntil || state.openUntil.getTime() <= now.getTime();
}

/** After a call: success closes the breaker; the third failure in a row opens it for the cool-down. */
export function breakerAfter(state: BreakerState, succeeded: boolean, now: Date): BreakerState {
  if (succeeded) return { consecutiveFailures: 0, openUntil: null };
  const failures = state.consecutiveFailures + 1;
  return {
    consecutiveFailures: failures,
    openUntil: failures >= BREAKER_THRESHOLD ? new Date(now.getTime() + BREAKER_COOLDOWN_MS) : state.openUntil,
  };
}
