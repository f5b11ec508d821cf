import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { aggregateQuotes, breakerAfter, breakerAllows, type Quote } from "./aggregate";

const now = new Date("2026-11-23T15:00:00Z");
const quote = (source: string, symbol: string, price: string, minutesAgo = 1): Quote => ({
  source,
  symbol,
  price: new Decimal(price),
  at: new Date(now.getTime() - minutesAgo * 60_000),
});

describe("aggregateQuotes", () => {
  it("takes the median of fresh quotes from several sources", () => {
    const { prices, rejected } = aggregateQuotes([quote("a", "VTI", "290.10"), quote("b", "VTI", "290.30"), quote("c", "VTI", "290.20")], now);
    expect(prices).toEqual([{ symbol: "VTI", price: new Decimal("290.2"), at: new Date(now.getTime() - 60_000), sources: ["a", "b", "c"] }]);
    expect(rejected).toEqual([]);
  });

  it("rejects a quote far from the others, and says why", () => {
    const { prices, rejected } = aggregateQuotes([quote("a", "VTI", "290.10"), quote("b", "VTI", "29.01"), quote("c", "VTI", "290.30")], now);
    expect(prices[0]!.price.toString()).toBe("290.2");
    expect(prices[0]!.sources).toEqual(["a", "c"]);
    expect(rejected.map((r) => [r.quote.source, r.reason])).toEqual([["b", "more than 5% from the median 290.1"]]);
  });

  it("rejects zero, negative, absurd, stale and future quotes", () => {
    const { prices, rejected } = aggregateQuotes(
      [
        quote("a", "VTI", "0"),
        quote("a", "BND", "-72.85"),
        quote("a", "GLD", "99999999"),
        quote("a", "VEA", "51.48", 16),
        quote("a", "VWO", "45.63", -5),
      ],
      now,
    );
    expect(prices).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual([
      "price is zero, negative or not a number",
      "price is zero, negative or not a number",
      "price is absurdly high",
      "quote is stale",
      "quote is from the future",
    ]);
  });

  it("keeps a single source's quote, and drops two that disagree", () => {
    expect(aggregateQuotes([quote("a", "VTI", "290")], now).prices[0]!.price.toString()).toBe("290");
    // Two quotes 20% apart: the median is between them and both are more than 5% from it.
    expect(aggregateQuotes([quote("a", "VTI", "100"), quote("b", "VTI", "120")], now).prices).toEqual([]);
  });
});

describe("the circuit breaker", () => {
  it("opens after three failures in a row, lets one trial through after five minutes, and closes on success", () => {
    let state = { consecutiveFailures: 0, openUntil: null as Date | null };
    state = breakerAfter(state, false, now);
    state = breakerAfter(state, false, now);
    expect(breakerAllows(state, now)).toBe(true);
    state = breakerAfter(state, false, now);
    expect(state.openUntil).toEqual(new Date("2026-11-23T15:05:00Z"));
    expect(breakerAllows(state, new Date("2026-11-23T15:04:59Z"))).toBe(false);
    expect(breakerAllows(state, new Date("2026-11-23T15:05:00Z"))).toBe(true);
    expect(breakerAfter(state, true, now)).toEqual({ consecutiveFailures: 0, openUntil: null });
  });
});
