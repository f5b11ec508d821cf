import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { InvalidModel, planBuys, type Position, type Target } from "./plan";

const d = (value: string | number) => new Decimal(value);
const targets = (weights: Record<string, string>): Target[] =>
  Object.entries(weights).map(([symbol, weight]) => ({ symbol, weight: d(weight) }));
const position = (symbol: string, quantity: string, price: string): Position => ({ symbol, quantity: d(quantity), price: d(price) });
const plan = (cash: bigint, positions: Position[], model: Target[]) =>
  Object.fromEntries(planBuys(cash, positions, model).map((order) => [order.symbol, order.notional]));

const SIXTY_FORTY = targets({ VTI: "0.6", BND: "0.4" });

describe("planBuys", () => {
  it("splits a first deposit by the model's weights", () => {
    // $500 into 60/40: $300 VTI, $200 BND
    expect(plan(50_000n, [], SIXTY_FORTY)).toEqual({ VTI: 30_000n, BND: 20_000n });
  });

  it("buys the most underweight assets first with a new deposit", () => {
    // Holdings: VTI $700, BND $100 (total $800); +$200 cash → total $1,000, targets VTI $600, BND $400.
    // VTI is already over target; BND needs $300 but only $200 is there: all of it goes to BND.
    const held = [position("VTI", "7", "100"), position("BND", "1", "100")];
    expect(plan(20_000n, held, SIXTY_FORTY)).toEqual({ BND: 20_000n });
  });

  it("never plans more than the cash, and leaves at most $1 idle", () => {
    // A three-way model that does not divide evenly: $100.00 into thirds.
    const thirds = targets({ A: "0.333333", B: "0.333333", C: "0.333334" });
    const orders = planBuys(10_000n, [], thirds);
    const spent = orders.reduce((sum, order) => sum + order.notional, 0n);
    expect(spent).toBeLessThanOrEqual(10_000n);
    expect(10_000n - spent).toBeLessThan(100n);
    // $33.3333, $33.3333, $33.3334 round down to $33.33 each; C (the largest weight) first; 1 cent idle.
    expect(orders).toEqual([
      { symbol: "C", notional: 3_333n },
      { symbol: "A", notional: 3_333n },
      { symbol: "B", notional: 3_333n },
    ]);
  });

  it("invests nothing when the cash is smaller than the minimum order", () => {
    expect(planBuys(99n, [], SIXTY_FORTY)).toEqual([]);
    expect(planBuys(100n, [], SIXTY_FORTY)).toEqual([{ symbol: "VTI", notional: 100n }]);
  });

  it("skips orders under $1 and adds what they would have spent to the first order", () => {
    // $2.50 into 60/40 would be $1.50 VTI and $1.00 BND: both fine. $1.50: $0.90 and $0.60, both under $1,
    // so the whole $1.50 goes to the most underweight asset (VTI, 60% short).
    expect(plan(250n, [], SIXTY_FORTY)).toEqual({ VTI: 150n, BND: 100n });
    expect(plan(150n, [], SIXTY_FORTY)).toEqual({ VTI: 150n });
  });

  it("rounds fractional cents down", () => {
    // $10.01 into 60/40 = $6.006 and $4.004 → 600 and 400 cents, 1 cent idle.
    expect(plan(1_001n, [], SIXTY_FORTY)).toEqual({ VTI: 600n, BND: 400n });
  });

  it("never buys an asset whose weight is zero, even if held", () => {
    // GLD $10 held + $100 cash = $110: VTI and BND each want $55, equally underweight (alphabetical tie-break):
    // BND gets its $55, VTI the remaining $45.
    const model = targets({ VTI: "0.5", BND: "0.5", GLD: "0" });
    expect(plan(10_000n, [position("GLD", "1", "10")], model)).toEqual({ BND: 5_500n, VTI: 4_500n });
  });

  it("refuses a model whose weights do not sum to exactly 100%", () => {
    expect(() => planBuys(10_000n, [], targets({ VTI: "0.6", BND: "0.3999" }))).toThrow(InvalidModel);
    expect(() => planBuys(10_000n, [], targets({ VTI: "0.6", BND: "0.3999" }))).toThrow("weights sum to 99.99%, not 100%");
    expect(() => planBuys(10_000n, [], targets({ VTI: "1.2", BND: "-0.2" }))).toThrow(InvalidModel);
  });
});
