/**
 * Scenario, through the database: $1,000 in VTI at the close of Thursday 9 April 2020 (yesterday, here); $500
 * deposited on Good Friday, 10 April, when markets are shut and no price sync revalues anything (today); invested
 * at Monday 13 April's open and valued at its close (tomorrow). The holiday has a snapshot (written by the
 * deposit) and no return of its own; Monday's return is the market's.
 *
 * Prices: VTI, real daily prices, unadjusted (shared/data/prices/VTI.csv); no bar on 2020-04-10:
 *   date        open    close
 *   2020-04-09  138.92  139.36
 *   2020-04-13  138.75  137.70
 */
import { describe, expect, it } from "vitest";
import { createInvestor } from "../../../scripts/test/factories";
import { setPrices } from "../../../scripts/test/investing";
import { db } from "../../db";
import { performanceOfAccount } from "../performance";
import { revaluePortfolios } from "../snapshots";
import { buyWithAllCash, DAY_MS, dateOf, deposit, moveToYesterday } from "./ledger-fixtures";

describe("a deposit on a day without prices", () => {
  it("gets that day a snapshot, and no gain or loss", async () => {
    const holiday = new Date();
    const monday = new Date(holiday.getTime() + DAY_MS);
    const { accountId } = await createInvestor({ verified: true });
    await setPrices({ VTI: "139.36" });
    await deposit(accountId, 100_000n);
    await buyWithAllCash(accountId, "VTI", "139.36"); // 7.175660 shares: $999.99 (999.9999776 rounded down)
    await revaluePortfolios(holiday);
    await moveToYesterday(accountId);

    await deposit(accountId, 50_000n); // Good Friday
    await setPrices({ VTI: "138.75" });
    await buyWithAllCash(accountId, "VTI", "138.75"); // 3.603603 shares for $500.00
    await setPrices({ VTI: "137.70" });
    await revaluePortfolios(monday);

    const snapshots = await db.portfolioSnapshot.findMany({ where: { investmentAccountId: accountId }, orderBy: { date: "asc" } });
    // Monday: (7.175660 + 3.603603) × 137.70 = $1,484.30 (1,484.3045… rounded down).
    expect(snapshots.map((s) => [dateOf(s.date), s.marketValue + s.cash, s.netFlow])).toEqual([
      [dateOf(new Date(holiday.getTime() - DAY_MS)), 99_999n, 100_000n],
      [dateOf(holiday), 149_999n, 50_000n],
      [dateOf(monday), 148_430n, 0n],
    ]);
    const performance = await performanceOfAccount(accountId, "ALL");
    // The holiday: 0%. Monday: 148,430 / 149,999 − 1 = −1.046%: the old shares' 139.36 → 137.70 and the new
    // ones' 138.75 → 137.70, and nothing of the deposit.
    expect(performance.timeWeighted).toBeCloseTo(148_430 / 149_999 - 1, 12);
  });
});
