import { describe, expect, it } from "vitest";
import { todaysChange } from "./todays-change";

const close = { date: "2026-11-27", value: 100_000n }; // $1,000.00 at Friday's close

describe("today's change", () => {
  it("is the value now less the previous close, as a share of the close, with no money moved", () => {
    // $1,000.00 → $1,012.50: +$12.50, +1.25%.
    expect(todaysChange(101_250n, close, [])).toEqual({ since: "2026-11-27", amount: 1_250n, ratio: 0.0125 });
  });

  it("is a loss when the value fell", () => {
    // $1,000.00 → $990.00: −$10.00, −1%.
    expect(todaysChange(99_000n, close, [])).toEqual({ since: "2026-11-27", amount: -1_000n, ratio: -0.01 });
  });

  it("leaves out a deposit made today: the money paid in is not a gain", () => {
    // Worth $1,010.00 when $500.00 came in; $1,525.00 now. Change: 1,525 − 1,000 − 500 = +$25.00.
    // Return: 1,010 / 1,000 = 1.01 before the deposit, 1,525 / 1,510 after it; 1.01 × 1,525 / 1,510 − 1 = 0.0200331125…
    const change = todaysChange(152_500n, close, [{ before: 101_000n, amount: 50_000n }]);
    expect(change?.amount).toBe(2_500n);
    expect(change?.ratio).toBeCloseTo(0.0200331126, 9);
  });

  it("leaves out a withdrawal made today", () => {
    // Worth $1,000.00 when $200.00 went out; $804.00 now. Change: 804 − 1,000 + 200 = +$4.00, +0.5% (804 / 800).
    expect(todaysChange(80_400n, close, [{ before: 100_000n, amount: -20_000n }])).toEqual({ since: "2026-11-27", amount: 400n, ratio: 0.005 });
  });

  it("has no percentage when nothing was invested at the close, and no figure without a close", () => {
    // First deposit today: $0.00 at the close, $500.00 in, $501.00 now: +$1.00 and a return from the deposit on.
    expect(todaysChange(50_100n, { date: "2026-11-27", value: 0n }, [{ before: 0n, amount: 50_000n }])).toEqual({ since: "2026-11-27", amount: 100n, ratio: 0.002 });
    expect(todaysChange(0n, { date: "2026-11-27", value: 0n }, [])).toEqual({ since: "2026-11-27", amount: 0n, ratio: null });
    expect(todaysChange(50_000n, null, [])).toBeNull();
  });
});
