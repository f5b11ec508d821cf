/**
 * Scenario, through the database: $1,000 in VTI at the close of Friday 13 March 2020 (yesterday, here); $1,000
 * deposited on Saturday night, when no price sync revalues anything (today); invested at Monday 16 March's open
 * and valued at its close (tomorrow). The deposit is counted once, on Saturday, and is never a gain.
 *
 * Prices: VTI, real daily prices, unadjusted (shared/data/prices/VTI.csv):
 *   date        open    close
 *   2020-03-13  132.00  135.93
 *   2020-03-16  121.06  120.46
 */
import { describe, expect, it } from "vitest";
import { createInvestor } from "../../../scripts/test/factories";
import { setPrices } from "../../../scripts/test/investing";
import { db } from "../../db";
import { notifyLargeMoves } from "../../notifications/large-moves";
import { performanceOfAccount } from "../performance";
import { revaluePortfolios } from "../snapshots";
import { gainSummary } from "../summary";
import { buyWithAllCash, DAY_MS, dateOf, deposit, moveToYesterday } from "./ledger-fixtures";

describe("a deposit at the weekend", () => {
  it("is counted once, on the day it arrived, and Monday shows only the market's move", async () => {
    const saturday = new Date();
    const monday = new Date(saturday.getTime() + DAY_MS);
    const { user, accountId } = await createInvestor({ verified: true });
    await setPrices({ VTI: "135.93" });
    await deposit(accountId, 100_000n);
    await buyWithAllCash(accountId, "VTI", "135.93"); // 7.356727 shares
    await revaluePortfolios(saturday);
    await moveToYesterday(accountId); // Friday

    await deposit(accountId, 100_000n); // Saturday night: no revaluation follows
    expect(await notifyLargeMoves(saturday)).toBe(0);

    await setPrices({ VTI: "121.06" });
    await buyWithAllCash(accountId, "VTI", "121.06"); // 8.260366 shares for $1,000.00 (999.99990796 rounded up)
    await setPrices({ VTI: "120.46" });
    await revaluePortfolios(monday);
    await notifyLargeMoves(monday);

    const snapshots = await db.portfolioSnapshot.findMany({ where: { investmentAccountId: accountId }, orderBy: { date: "asc" } });
    // Friday $999.99; Saturday $999.99 + $1,000.00 (the deposit, at Friday's prices); Monday (7.356727 +
    // 8.260366) × 120.46 = $1,881.23 (1,881.23502278 rounded down), no cash left.
    expect(snapshots.map((s) => [dateOf(s.date), s.marketValue + s.cash, s.netFlow])).toEqual([
      [dateOf(new Date(saturday.getTime() - DAY_MS)), 99_999n, 100_000n],
      [dateOf(saturday), 199_999n, 100_000n],
      [dateOf(monday), 188_123n, 0n],
    ]);

    const { netContributions, dayChange } = await gainSummary(accountId);
    expect(netContributions).toBe(200_000n); // each deposit once
    // Monday: the whole change is the market's, −$118.76 on $1,999.99: −5.9380%.
    expect(dayChange).toMatchObject({ date: dateOf(monday), amount: -11_876n, previousValue: 199_999n });
    expect(dayChange!.return).toBeCloseTo(188_123 / 199_999 - 1, 12);

    const performance = await performanceOfAccount(accountId, "ALL");
    // Saturday 0% (the deposit valued when it arrived), Monday −5.9380%: linked −5.9380%.
    expect(performance.timeWeighted).toBeCloseTo((99_999 / 99_999) * (199_999 / 199_999) * (188_123 / 199_999) - 1, 12);
    expect((await db.notification.findMany({ where: { userId: user.id, kind: "LARGE_MOVE" } })).map((n) => n.title)).toEqual([
      "Your portfolio fell 5.9% today",
    ]);
  });
});
