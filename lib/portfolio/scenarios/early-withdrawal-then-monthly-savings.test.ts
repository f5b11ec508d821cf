/**
 * Scenario (the money-weighted case of issue 13): $10,000 in on 3 January 2017, $9,500 taken out on the 17th,
 * then $500 saved on the first trading day of every month to December 2021, all in VTI; valued on 31 December
 * 2021. The old solver took (1 + d)^n past the largest double over five years, got NaN, and showed a rate that
 * was not a root (~10^85 %).
 *
 * Prices: VTI, real daily closes, unadjusted (shared/data/prices/VTI.csv), 2017-01-03 to 2021-12-31: the first
 * trading day of each month (below), 2017-01-17 116.70 and 2021-12-31 241.44.
 */
import { describe, expect, it } from "vitest";
import { moneyWeightedReturn, timeWeightedReturn } from "../returns";
import { account, independentMoneyWeighted } from "./savings-history";

describe("an early withdrawal followed by monthly savings", () => {
  it("has a money-weighted return that is a root, checked by a second method, cumulative and annualised", () => {
    const result = moneyWeightedReturn(account.snapshots);
    expect(result.meaningful).toBe(true);
    if (!result.meaningful) return;
    expect(Math.abs(result.cumulative - independentMoneyWeighted().toNumber())).toBeLessThan(1e-9);
    expect(result.days).toBe(1823);
    // Annualised from the same root: (1 + cumulative)^(365/1823) − 1.
    expect(Math.abs(result.annualised! - ((1 + result.cumulative) ** (365 / 1823) - 1))).toBeLessThan(1e-12);
    expect(result.cumulative).toBeGreaterThan(0);
    expect(result.cumulative).toBeLessThan(2); // of the size of the fund's move (+108%), not 10^85 %
  });

  it("has a time-weighted return equal to the fund's own move", () => {
    // Always fully invested (the cash left by rounding is under a cent a trade): 241.44 / 116.20 − 1 = +107.78%.
    expect(Math.abs(timeWeightedReturn(account.snapshots) - (241.44 / 116.2 - 1))).toBeLessThan(1e-3);
  });
});
