/**
 * Scenario: a deposit 50 times the balance, invested within seconds at the open of 16 March 2020, when US
 * stocks fell 11% in a day. The day's return must be the holdings' real move, whatever the size of the deposit.
 *
 * Prices: VTI, real daily prices, unadjusted (shared/data/prices/VTI.csv), 2020-03-12 to 2020-03-16:
 *   date        open    close
 *   2020-03-12  129.18  124.59
 *   2020-03-13  132.00  135.93
 *   2020-03-16  121.06  120.46
 */
import { describe, expect, it } from "vitest";
import { dailyReturns, maxDrawdown, timeWeightedReturn } from "../returns";
import { OneFundAccount } from "./one-fund-account";

describe("a large deposit invested intraday on 2020-03-16", () => {
  const account = new OneFundAccount();
  account.flow(100_000n, "124.59"); // $1,000 on 12 March, invested at the close
  account.invest("124.59");
  account.close("2020-03-12", "124.59");
  account.close("2020-03-13", "135.93");
  account.flow(5_000_000n, "121.06"); // $50,000 at the open of 16 March, invested at once
  account.invest("121.06");
  const monday = account.close("2020-03-16", "120.46");

  it("shows the holdings' real move that day, not the deposit", () => {
    // Every dollar was in VTI all day: the old shares from the close of the 13th (135.93) to the open (121.06),
    // all the shares from the open to the close (120.46). Linked: 121.06/135.93 × 120.46/121.06 = 120.46/135.93,
    // −11.3809%, to within the cents the values are rounded to (two cents on $1,000 is 2e-5).
    const expected = 120.46 / 135.93 - 1;
    const r = dailyReturns(account.snapshots).at(-1)!;
    expect(r.date).toBe("2020-03-16");
    expect(Math.abs(r.r - expected)).toBeLessThan(2e-5);
    expect((r.r * 100).toFixed(1)).toBe("-11.4");
    // The old convention (the deposit at the close) made it −36.6%: (value − deposit) / previous value − 1.
    const atClose = Number(monday.value - monday.flow) / Number(account.snapshots[1]!.value) - 1;
    expect(atClose).toBeLessThan(-0.3);
  });

  it("links the whole period as the fund moved: TWR and drawdown", () => {
    // 135.93/124.59 × 120.46/135.93 = 120.46/124.59: −3.3149%; the fall from the peak on the 13th is −11.38%.
    expect(Math.abs(timeWeightedReturn(account.snapshots) - (120.46 / 124.59 - 1))).toBeLessThan(3e-5);
    expect(Math.abs(maxDrawdown(account.snapshots) - (1 - 120.46 / 135.93))).toBeLessThan(3e-5);
  });
});
