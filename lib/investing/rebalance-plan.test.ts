import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { planRebalance, selectLots, type Lot } from "./rebalance-plan";

const d = (v: string | number) => new Decimal(v);
const SIXTY_FORTY = [
  { symbol: "VTI", weight: d("0.6") },
  { symbol: "BND", weight: d("0.4") },
];
const pos = (symbol: string, quantity: string, price: string) => ({ symbol, quantity: d(quantity), price: d(price) });

describe("planRebalance", () => {
  it("sells the overweight asset and buys the underweight one with the proceeds", () => {
    // VTI $800, BND $200 → targets $600 / $400: sell $200 of VTI (2 shares at $100), buy $200 of BND.
    const plan = planRebalance(0n, [pos("VTI", "8", "100"), pos("BND", "4", "50")], SIXTY_FORTY);
    expect(plan.sells.map((s) => [s.symbol, s.quantity.toString()])).toEqual([["VTI", "2"]]);
    expect(plan.buys).toEqual([{ symbol: "BND", notional: 20_000n }]);
  });

  it("uses the cash on hand first and sells only what it cannot cover", () => {
    // VTI $700, BND $200, cash $100 → targets $600 / $400: BND needs $200, cash covers $100, sell $100 of VTI.
    const plan = planRebalance(10_000n, [pos("VTI", "7", "100"), pos("BND", "4", "50")], SIXTY_FORTY);
    expect(plan.sells.map((s) => [s.symbol, s.quantity.toString()])).toEqual([["VTI", "1"]]);
    expect(plan.buys).toEqual([{ symbol: "BND", notional: 20_000n }]);
  });

  it("sells nothing when the cash covers every shortfall", () => {
    const plan = planRebalance(30_000n, [pos("VTI", "6", "100"), pos("BND", "2", "50")], SIXTY_FORTY);
    expect(plan.sells).toEqual([]);
    expect(plan.buys).toEqual([{ symbol: "BND", notional: 30_000n }]);
  });

  it("sells all of a holding the model no longer includes", () => {
    // ARKK $100 is 10% of $1,000 with a 0% target; VTI $540, BND $360 each short.
    const plan = planRebalance(0n, [pos("VTI", "5.4", "100"), pos("BND", "7.2", "50"), pos("ARKK", "2", "50")], SIXTY_FORTY);
    expect(plan.sells.map((s) => [s.symbol, s.quantity.toString()])).toEqual([["ARKK", "2"]]);
    expect(plan.buys).toEqual([
      { symbol: "VTI", notional: 6_000n },
      { symbol: "BND", notional: 4_000n },
    ]);
  });

  it("skips trades under $1", () => {
    // VTI $600.50, BND $399.50: 0.05% drift, $0.50 trades.
    expect(planRebalance(0n, [pos("VTI", "6.005", "100"), pos("BND", "7.99", "50")], SIXTY_FORTY)).toEqual({ sells: [], buys: [] });
  });
});

describe("selectLots", () => {
  const now = new Date("2026-11-21T00:00:00Z");
  const lot = (id: string, acquired: string, quantity: string, cost: string): Lot => ({
    id,
    symbol: "VTI",
    acquiredAt: new Date(acquired),
    remainingQuantity: d(quantity),
    costPerShare: d(cost),
  });
  const lots = [
    lot("short-gain", "2026-06-01", "5", "80"), // +$20/share, short-term
    lot("long-gain-small", "2024-01-01", "5", "95"), // +$5/share, long-term
    lot("long-gain-big", "2020-01-01", "5", "50"), // +$50/share, long-term
    lot("loss", "2026-03-01", "2", "120"), // −$20/share
  ];

  it("sells losses first, then long-term gains smallest first, then short-term", () => {
    // Sell 8 at $100: loss lot 2 (−$40), long-gain-small 5 (+$25), long-gain-big 1 (+$50) → +$35
    const { picks, gain } = selectLots(lots, d(8), d(100), now);
    expect(picks.map((p) => [p.lotId, p.quantity.toString()])).toEqual([
      ["loss", "2"],
      ["long-gain-small", "5"],
      ["long-gain-big", "1"],
    ]);
    expect(gain.toString()).toBe("35");
  });

  it("treats a lot as long-term only once it has been held more than a year, counted from the day after its purchase", () => {
    // Bought 28 Feb 2023 at $96 (gain $4/share), beside an older long-term lot at $95 (gain $5/share). On
    // 29 Feb 2024, a year and a day later by the clock, the holding period (1 Mar 2023 – 29 Feb 2024) is exactly
    // one year: the lot is short-term, so the long-term lot goes first despite its larger gain.
    // On 1 Mar 2024 both are long-term: the smaller gain per share goes first.
    const nextDay = selectLots([lot("feb-28", "2023-02-28T15:00:00Z", "3", "96"), lot("older", "2022-06-01T15:00:00Z", "3", "95")], d(3), d(100), new Date("2024-03-01T15:00:00Z"));
    expect(nextDay.picks.map((p) => p.lotId)).toEqual(["feb-28"]);
    const dayBefore = selectLots([lot("feb-28", "2023-02-28T15:00:00Z", "3", "96"), lot("older", "2022-06-01T15:00:00Z", "3", "95")], d(3), d(100), new Date("2024-02-29T15:00:00Z"));
    expect(dayBefore.picks.map((p) => [p.lotId, p.term])).toEqual([["older", "long"]]);
    expect(selectLots([lot("feb-28", "2023-02-28T15:00:00Z", "3", "96")], d(3), d(100), new Date("2024-02-29T15:00:00Z")).picks[0]!.term).toBe("short");
  });

  it("refuses to sell more shares than the lots hold", () => {
    expect(() => selectLots(lots, d("17.000001"), d(100), now)).toThrow("only 17 shares held");
  });
});
