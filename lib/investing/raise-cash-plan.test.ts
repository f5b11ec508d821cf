import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { bufferFor, InsufficientToRaise, planCashRaise } from "./raise-cash-plan";
import type { Lot } from "./rebalance-plan";

const d = (v: string | number) => new Decimal(v);
const SIXTY_FORTY = [
  { symbol: "VTI", weight: d("0.6") },
  { symbol: "BND", weight: d("0.4") },
];
const pos = (symbol: string, quantity: string, price: string) => ({ symbol, quantity: d(quantity), price: d(price) });
const lot = (id: string, symbol: string, quantity: string, cost: string, acquired: string): Lot => ({
  id,
  symbol,
  acquiredAt: new Date(`${acquired}T15:00:00Z`),
  remainingQuantity: d(quantity),
  costPerShare: d(cost),
});
const NOW = new Date("2026-12-01T15:00:00Z");
const sold = (plan: ReturnType<typeof planCashRaise>) => plan.sales.map((s) => [s.symbol, s.quantity.toString(), s.estimatedProceeds]);

describe("bufferFor", () => {
  it("is 0.5 % of what must be raised, rounded up to the cent, and at least $1", () => {
    expect(bufferFor(10_000n)).toBe(100n); // 0.5 % of $100 is $0.50: the $1 floor
    expect(bufferFor(1_000_000n)).toBe(5_000n); // 0.5 % of $10,000 = $50
    expect(bufferFor(1_000_001n)).toBe(5_001n); // 5,000.005 cents rounds up
  });
});

describe("planCashRaise", () => {
  it("sells nothing when the cash covers the target", () => {
    const plan = planCashRaise({ target: 30_000n, cash: 50_000n, positions: [pos("VTI", "6", "100")], targets: SIXTY_FORTY, lots: [lot("a", "VTI", "6", "90", "2026-01-05")], now: NOW });
    expect(plan.sales).toEqual([]);
    expect(plan.estimatedProceeds).toBe(0n);
    expect(plan.available).toBe(110_000n);
  });

  it("on target, sells each fund in proportion so the account stays on its model", () => {
    // VTI $600, BND $400, no cash; raise $100 + $1 buffer = $101. Invested after: $899 → VTI $539.40, BND $359.60.
    // Sell VTI $60.60 (0.606 shares at $100) and BND $40.40 (0.808 at $50).
    const plan = planCashRaise({
      target: 10_000n,
      cash: 0n,
      positions: [pos("VTI", "6", "100"), pos("BND", "8", "50")],
      targets: SIXTY_FORTY,
      lots: [lot("v", "VTI", "6", "90", "2026-01-05"), lot("b", "BND", "8", "50", "2026-01-05")],
      now: NOW,
    });
    expect(sold(plan)).toEqual([
      ["BND", "0.808", 4_040n],
      ["VTI", "0.606", 6_060n],
    ]);
    expect(plan.estimatedProceeds).toBe(10_100n);
    // VTI's lot gains $10 a share, held 11 months: 0.606 × 10 = $6.06 short-term; BND sells at cost.
    expect(plan.gain.short.toString()).toBe("6.06");
    expect(plan.gain.long.toString()).toBe("0");
  });

  it("sells the overweight fund first, so the account moves toward its model", () => {
    // VTI $800, BND $200; raise $200 + $1 = $201. After: $799 → VTI target $479.40 (excess $320.60), BND under target.
    const plan = planCashRaise({
      target: 20_000n,
      cash: 0n,
      positions: [pos("VTI", "8", "100"), pos("BND", "4", "50")],
      targets: SIXTY_FORTY,
      lots: [lot("v", "VTI", "8", "100", "2026-01-05"), lot("b", "BND", "4", "50", "2026-01-05")],
      now: NOW,
    });
    expect(sold(plan)).toEqual([["VTI", "2.01", 20_100n]]);
  });

  it("uses the cash first and sells only the rest", () => {
    // $150 cash, target $250: raise $100 + $1 from the overweight VTI.
    const plan = planCashRaise({
      target: 25_000n,
      cash: 15_000n,
      positions: [pos("VTI", "8", "100"), pos("BND", "4", "50")],
      targets: SIXTY_FORTY,
      lots: [lot("v", "VTI", "8", "100", "2026-01-05"), lot("b", "BND", "4", "50", "2026-01-05")],
      now: NOW,
    });
    expect(sold(plan)).toEqual([["VTI", "1.01", 10_100n]]);
  });

  it("within a fund, takes losses first, then long-term gains, then short-term gains", () => {
    // Price $100. Lots: s (short-term gain $30/share), l (long-term gain $40/share), x (long-term loss $20/share, 1 share).
    // Selling 2.01 shares: all of x (−$20), then 1.01 of l (+$40.40, long). Short-term lot untouched.
    const plan = planCashRaise({
      target: 20_000n,
      cash: 0n,
      positions: [pos("VTI", "8", "100"), pos("BND", "4", "50")],
      targets: SIXTY_FORTY,
      lots: [
        lot("s", "VTI", "4", "70", "2026-06-01"),
        lot("l", "VTI", "3", "60", "2024-03-01"),
        lot("x", "VTI", "1", "120", "2023-03-01"),
        lot("b", "BND", "4", "50", "2026-01-05"),
      ],
      now: NOW,
    });
    expect(plan.sales[0]!.lots.map((l) => [l.lotId, l.quantity.toString(), l.gain.toString(), l.term])).toEqual([
      ["x", "1", "-20", "long"],
      ["l", "1.01", "40.4", "long"],
    ]);
    expect(plan.gain).toEqual({ short: d(0), long: d("20.4"), total: d("20.4") });
  });

  it("sells every holding in full for everything", () => {
    const plan = planCashRaise({
      target: "everything",
      cash: 1_234n,
      positions: [pos("VTI", "1.333333", "99.99"), pos("BND", "2", "50")],
      targets: SIXTY_FORTY,
      lots: [lot("v", "VTI", "1.333333", "90", "2025-01-02"), lot("b", "BND", "2", "55", "2026-11-02")],
      now: NOW,
    });
    // 1.333333 × 99.99 = 133.3199667 → 13,331 cents; BND 2 × 50 = 10,000 cents.
    expect(sold(plan)).toEqual([
      ["BND", "2", 10_000n],
      ["VTI", "1.333333", 13_331n],
    ]);
    expect(plan.available).toBe(1_234n + 13_331n + 10_000n);
    // VTI long-term: 1.333333 × 9.99 = 13.31999667; BND short-term: 2 × −5 = −10.
    expect(plan.gain.long.toString()).toBe("13.31999667");
    expect(plan.gain.short.toString()).toBe("-10");
  });

  it("refuses more than cash plus everything sellable, and says how much is there", () => {
    const input = { cash: 500n, positions: [pos("VTI", "1", "100")], targets: SIXTY_FORTY, lots: [lot("v", "VTI", "1", "100", "2026-01-05")], now: NOW };
    expect(() => planCashRaise({ ...input, target: 10_501n })).toThrow(InsufficientToRaise);
    expect(() => planCashRaise({ ...input, target: 10_501n })).toThrow("at most $105.00 can be raised now");
    // Exactly what is there: everything is sold (the buffer cannot be had).
    expect(sold(planCashRaise({ ...input, target: 10_500n }))).toEqual([["VTI", "1", 10_000n]]);
  });

  it("folds a sale under $1 into the largest one, and a lone small need sells $1", () => {
    // Cash $10, target $10.30: raise $0.30 + $1.00 buffer = $1.30. After: $998.70 → VTI excess $0.78, BND $0.52 (< $1,
    // folded into VTI): one sale of VTI for $1.30 = 0.013 shares.
    const plan = planCashRaise({
      target: 1_030n,
      cash: 1_000n,
      positions: [pos("VTI", "6", "100"), pos("BND", "8", "50")],
      targets: SIXTY_FORTY,
      lots: [lot("v", "VTI", "6", "100", "2026-01-05"), lot("b", "BND", "8", "50", "2026-01-05")],
      now: NOW,
    });
    expect(sold(plan)).toEqual([["VTI", "0.013", 130n]]);
  });

  it("rounds shares up so the sale raises enough, and sells a crumb under $1 whole", () => {
    // One fund at $3 worth $30.99 (10.33 shares); raise $25 + $1 = $26: 8.666667 shares (26 / 3 rounded up) → $26.00.
    const one = [{ symbol: "GLD", weight: d(1) }];
    const plan = planCashRaise({ target: 2_500n, cash: 0n, positions: [pos("GLD", "10.33", "3")], targets: one, lots: [lot("g", "GLD", "10.33", "3", "2026-01-05")], now: NOW });
    expect(sold(plan)).toEqual([["GLD", "8.666667", 2_600n]]);
    // Raise $29.50 + $1 buffer = $30.50: it would leave $0.49, so the whole holding goes.
    const all = planCashRaise({ target: 2_950n, cash: 0n, positions: [pos("GLD", "10.33", "3")], targets: one, lots: [lot("g", "GLD", "10.33", "3", "2026-01-05")], now: NOW });
    expect(sold(all)).toEqual([["GLD", "10.33", 3_099n]]);
  });

  it("without a model, sells in proportion to value", () => {
    // VTI $300, BND $100 (75/25); raise $100 + $1 = $101: VTI $75.75 (0.7575 shares), BND $25.25 (0.505 shares).
    const plan = planCashRaise({
      target: 10_000n,
      cash: 0n,
      positions: [pos("VTI", "3", "100"), pos("BND", "2", "50")],
      targets: [],
      lots: [lot("v", "VTI", "3", "100", "2026-01-05"), lot("b", "BND", "2", "50", "2026-01-05")],
      now: NOW,
    });
    expect(sold(plan)).toEqual([
      ["BND", "0.505", 2_525n],
      ["VTI", "0.7575", 7_575n],
    ]);
  });

  it("sells a fund the model dropped before the model's funds", () => {
    // ARKK (0% target) $300, VTI $600, BND $400; raise $250 + $1.25 buffer = $251.25: all from ARKK's $300 excess.
    const plan = planCashRaise({
      target: 25_000n,
      cash: 0n,
      positions: [pos("ARKK", "6", "50"), pos("VTI", "6", "100"), pos("BND", "8", "50")],
      targets: SIXTY_FORTY,
      lots: [lot("a", "ARKK", "6", "60", "2026-01-05"), lot("v", "VTI", "6", "100", "2026-01-05"), lot("b", "BND", "8", "50", "2026-01-05")],
      now: NOW,
    });
    // 251.25 / 50 = 5.025 shares; loss $10 a share, short-term: −$50.25.
    expect(sold(plan)).toEqual([["ARKK", "5.025", 25_125n]]);
    expect(plan.gain.short.toString()).toBe("-50.25");
  });
});
