/**
 * Scenario, through the database: $1,000 in VTI at the close of Friday 13 March 2020 (yesterday, here), then
 * $50,000 deposited and invested within seconds at Monday 16 March's open, the day US stocks fell 11%. What the
 * dashboard, the API and the notice say for that day must be the holdings' real move.
 *
 * Prices: VTI, real daily prices, unadjusted (shared/data/prices/VTI.csv):
 *   date        open    close
 *   2020-03-13  132.00  135.93
 *   2020-03-16  121.06  120.46
 */
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { createInvestor } from "../../../scripts/test/factories";
import { setPrices } from "../../../scripts/test/investing";
import { notifyLargeMoves } from "../../notifications/large-moves";
import { performanceJson } from "../api-views";
import { performanceOfAccount } from "../performance";
import { revaluePortfolios } from "../snapshots";
import { gainSummary } from "../summary";
import { db } from "../../db";
import { buyWithAllCash, dateOf, deposit, moveToYesterday } from "./ledger-fixtures";

describe("a deposit 50 times the balance, invested at the open of 2020-03-16", () => {
  it("shows the day's real fall of 11.4% on the dashboard, in the API and in the notice", async () => {
    const today = new Date();
    const { user, accountId } = await createInvestor({ verified: true });
    await setPrices({ VTI: "135.93" });
    await deposit(accountId, 100_000n);
    const old = await buyWithAllCash(accountId, "VTI", "135.93"); // 7.356727 shares for $1,000.00
    await revaluePortfolios(today);
    await moveToYesterday(accountId); // Friday's close

    await setPrices({ VTI: "121.06" }); // Monday's open
    await deposit(accountId, 5_000_000n);
    const bought = await buyWithAllCash(accountId, "VTI", "121.06");
    await setPrices({ VTI: "120.46" }); // Monday's close
    await revaluePortfolios(today);
    await notifyLargeMoves(today);

    // By hand, in cents rounded down as the holdings table rounds: Friday 7.356727 × 135.93 = $999.99; just
    // before the deposit 7.356727 × 121.06 = $890.60; the $50,000 bought 413.018338 shares for $50,000.00 (cost
    // rounded up: 413.018338 × 121.06 = 49,999.99999…); the close (7.356727 + 413.018338) × 120.46 = $50,638.38.
    // Linked: 89,060 / 99,999 × 5,063,838 / (89,060 + 5,000,000) − 1 = −11.3805%.
    expect(old.toFixed(6)).toBe("7.356727");
    expect(bought.toFixed(6)).toBe("413.018338");
    const friday = 99_999;
    const beforeDeposit = 89_060;
    const close = Number(new Decimal("420.375065").times("120.46").times(100).floor());
    expect(close).toBe(5_063_838);
    const cashLeft = 5_000_000 - Number(new Decimal("413.018338").times("121.06").times(100).ceil()); // 0
    const expected = (beforeDeposit / friday) * ((close + cashLeft) / (beforeDeposit + 5_000_000)) - 1;
    expect(expected).toBeCloseTo(120.46 / 135.93 - 1, 4); // the fund's own move, −11.38%

    const performance = await performanceOfAccount(accountId, "ALL");
    expect(performance.series.map((p) => p.value)).toEqual([99_999n, BigInt(close + cashLeft)]);
    expect(performance.timeWeighted).toBeCloseTo(expected, 12);
    expect(performanceJson(accountId, "USD", performance).timeWeightedReturn).toBe(expected.toFixed(6));
    const { dayChange } = await gainSummary(accountId);
    expect(dayChange?.return).toBeCloseTo(expected, 12);
    expect(dayChange?.amount).toBe(BigInt(close + cashLeft - friday - 5_000_000));

    const notices = await db.notification.findMany({ where: { userId: user.id, kind: "LARGE_MOVE" } });
    expect(notices.map((n) => n.title)).toEqual(["Your portfolio fell 11.4% today"]);
    expect(notices[0]!.dedupeKey).toBe(`large-move:${accountId}:${dateOf(today)}`);
  });
});
