/**
 * Scenario, through the database: $10,000 in VTI at the close of Friday 10 October 2008 (yesterday, here); at
 * Monday 13 October's open, after a 6% rise, $10,500 is sold and withdrawn: more than was ever deposited. The
 * rest rises with the market to the close (the day stocks rose 12%). The withdrawal is no loss, the gain is
 * still shown, and the money-weighted return says what the investor made on the money while it was in.
 *
 * Prices: VTI, real daily prices, unadjusted (shared/data/prices/VTI.csv):
 *   date        open    close
 *   2008-10-10  43.17   44.35
 *   2008-10-13  47.05   50.04
 */
import { describe, expect, it } from "vitest";
import { createInvestor } from "../../../scripts/test/factories";
import { setPrices } from "../../../scripts/test/investing";
import { db } from "../../db";
import { notifyLargeMoves } from "../../notifications/large-moves";
import { performanceJson } from "../api-views";
import { accountValue } from "../account-value";
import { performanceOfAccount } from "../performance";
import { revaluePortfolios } from "../snapshots";
import { gainSummary } from "../summary";
import { buyWithAllCash, deposit, moveToYesterday, sellFor, withdraw } from "./ledger-fixtures";

describe("a withdrawal of more than was ever deposited", () => {
  it("is no loss; the gain and both returns are still right", async () => {
    const today = new Date();
    const { user, accountId } = await createInvestor({ verified: true });
    await setPrices({ VTI: "44.35" });
    await deposit(accountId, 1_000_000n);
    await buyWithAllCash(accountId, "VTI", "44.35"); // 225.479143 shares, $9,999.99 at the close
    await revaluePortfolios(today);
    await moveToYesterday(accountId);

    await setPrices({ VTI: "47.05" });
    await sellFor(accountId, "VTI", 1_050_000n, "47.05"); // 223.166844 shares for $10,500.00
    await withdraw(accountId, 1_050_000n); // valued just before: 2.312299 × 47.05 = $108.79 + $10,500.00
    await setPrices({ VTI: "50.04" });
    await revaluePortfolios(today);
    await notifyLargeMoves(today);

    // Monday's close: 2.312299 × 50.04 = $115.70.
    expect(await accountValue(accountId)).toEqual({ marketValue: 11_570n, cash: 0n, total: 11_570n });
    const { netContributions } = await gainSummary(accountId);
    expect(netContributions).toBe(-50_000n); // $10,000 in, $10,500 out

    const performance = await performanceOfAccount(accountId, "ALL");
    // TWR: 1,060,879 / 999,999 × 11,570 / (1,060,879 − 1,050,000) − 1 = +12.8264% (the fund: +12.8298%).
    const twr = (1_060_879 / 999_999) * (11_570 / 10_879) - 1;
    expect(performance.timeWeighted).toBeCloseTo(twr, 12);
    expect(twr).toBeCloseTo(50.04 / 44.35 - 1, 4);
    // MWR over one day: 999,999 × (1 + d) = 1,050,000 + 11,570, d = +6.1571%: most of the money left at the open,
    // before the rest of the day's rise. Not annualised (a day).
    expect(performance.moneyWeighted).toEqual({ meaningful: true, cumulative: expect.closeTo((1_050_000 + 11_570) / 999_999 - 1, 12), annualised: null, days: 1 });
    const json = performanceJson(accountId, "USD", performance);
    expect(json).toMatchObject({ timeWeightedReturn: "0.128264", moneyWeightedReturn: "0.061571", moneyWeightedReturnAnnualised: null });
    expect((await db.notification.findMany({ where: { userId: user.id, kind: "LARGE_MOVE" } })).map((n) => n.title)).toEqual([
      "Your portfolio rose 12.8% today",
    ]);
  });
});
