import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { estimateTax, largestPriceMove, previewModelChange } from "./model-change-preview";
import type { Lot } from "./rebalance-plan";

const d = (v: string | number) => new Decimal(v);
const now = new Date("2026-11-21T15:00:00Z");
const lot = (id: string, symbol: string, acquired: string, quantity: string, cost: string): Lot => ({
  id,
  symbol,
  acquiredAt: new Date(acquired),
  remainingQuantity: d(quantity),
  costPerShare: d(cost),
});
const ALL_STOCKS = [{ symbol: "VTI", weight: d(1) }];
const SIXTY_FORTY = [
  { symbol: "VTI", weight: d("0.6") },
  { symbol: "BND", weight: d("0.4") },
];

describe("previewModelChange", () => {
  it("shows the sale, the lots' gains by term, the buy and the tax on the net gain", () => {
    // $1,000 of VTI (10 at $100), all stocks → 60/40: sell $400 (4 shares), buy $400 of BND.
    // Lots used, least gain first: the loss lot (2 at $120, short-term: −$40), then the long-term lot (2 of 5 at $50: +$100).
    // Net: long-term $100 − short-term loss $40 = $60 long-term, taxed at 15% → $9.00.
    const lots = [
      lot("loss", "VTI", "2026-03-01T15:00:00Z", "2", "120"),
      lot("long", "VTI", "2020-01-02T15:00:00Z", "5", "50"),
      lot("short-gain", "VTI", "2026-06-01T15:00:00Z", "3", "80"),
    ];
    const preview = previewModelChange(0n, [{ symbol: "VTI", quantity: d(10), price: d(100) }], lots, ALL_STOCKS, SIXTY_FORTY, now);
    expect(preview.total).toBe(100_000n);
    expect(preview.allocation.map((a) => [a.symbol, a.value, a.weight.toString(), a.targetNow.toString(), a.targetNew.toString()])).toEqual([
      ["BND", 0n, "0", "0", "0.4"],
      ["VTI", 100_000n, "1", "1", "0.6"],
    ]);
    expect(preview.sells.map((s) => [s.symbol, s.quantity.toString(), s.amount, s.shortTermGain, s.longTermGain])).toEqual([["VTI", "4", 40_000n, -4_000n, 10_000n]]);
    expect(preview.buys).toEqual([{ symbol: "BND", amount: 40_000n }]);
    expect(preview.realised).toEqual({ shortTerm: -4_000n, longTerm: 10_000n });
    expect(preview.estimatedTax).toBe(900n);
    expect(preview.prices).toEqual({ VTI: "100" });
  });

  it("uses the cash first and sells nothing when it covers the new targets", () => {
    // VTI $600 + $400 cash → 60/40: the cash buys BND; no sale, no gain, no tax.
    const preview = previewModelChange(40_000n, [{ symbol: "VTI", quantity: d(6), price: d(100) }], [lot("a", "VTI", "2026-01-05T15:00:00Z", "6", "90")], ALL_STOCKS, SIXTY_FORTY, now);
    expect(preview.sells).toEqual([]);
    expect(preview.buys).toEqual([{ symbol: "BND", amount: 40_000n }]);
    expect(preview.realised).toEqual({ shortTerm: 0n, longTerm: 0n });
    expect(preview.estimatedTax).toBe(0n);
    expect(preview.allocation.find((a) => a.symbol === "VTI")!.weight.toString()).toBe("0.6");
  });

  it("sells a fund the new model drops entirely, short-term gains taxed at 32%", () => {
    // 60/40 → all stocks: sell all 8 BND at $50 ($400; bought at $45 five months ago: +$40 short-term → $12.80 tax), buy $400 of VTI.
    const preview = previewModelChange(
      0n,
      [
        { symbol: "VTI", quantity: d(6), price: d(100) },
        { symbol: "BND", quantity: d(8), price: d(50) },
      ],
      [lot("bnd", "BND", "2026-06-15T15:00:00Z", "8", "45"), lot("vti", "VTI", "2026-06-15T15:00:00Z", "6", "90")],
      SIXTY_FORTY,
      ALL_STOCKS,
      now,
    );
    expect(preview.sells.map((s) => [s.symbol, s.quantity.toString(), s.amount, s.shortTermGain, s.longTermGain])).toEqual([["BND", "8", 40_000n, 4_000n, 0n]]);
    expect(preview.buys).toEqual([{ symbol: "VTI", amount: 40_000n }]);
    expect(preview.estimatedTax).toBe(1_280n);
  });
});

describe("estimateTax", () => {
  it("taxes what is left after netting short- and long-term, rounding half up to the cent, never below zero", () => {
    expect(estimateTax(5_000n, 0n)).toBe(1_600n); // $50 × 32%
    expect(estimateTax(3_333n, 0n)).toBe(1_067n); // $33.33 × 32% = $10.6656
    expect(estimateTax(1_000n, -400n)).toBe(192n); // ($10 − $4) × 32%
    expect(estimateTax(-3_000n, 2_000n)).toBe(0n); // the short-term loss covers the long-term gain
    expect(estimateTax(2_000n, 10_000n)).toBe(640n + 1_500n);
    expect(estimateTax(-100n, -100n)).toBe(0n);
  });
});

describe("largestPriceMove", () => {
  it("is the largest relative move of any previewed price; a price gone counts as moved", () => {
    expect(largestPriceMove({ VTI: "100", BND: "50" }, { VTI: "102.5", BND: "49.5" }).toString()).toBe("0.025");
    expect(largestPriceMove({ VTI: "100" }, {}).isFinite()).toBe(false);
    expect(largestPriceMove({}, { VTI: "1" }).toString()).toBe("0");
  });
});
