import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { monthBill } from "../lib/fees/accrual";
import { daysToAccrue } from "../lib/fees/accrue";
import { billMonth } from "../lib/fees/bill";
import { trialBalance } from "../lib/ledger/trial-balance";
import { HOLDER_EMAIL, seedDemoHistory } from "./demo-history";
import { DEMO_PRICES, seedDemoData } from "./seed";

const accountOf = async (email: string) => (await db.investmentAccount.findFirstOrThrow({ where: { user: { email } }, select: { id: true } })).id;

/** Hana Holder's history as if the database had been seeded on 2 December 2026, so the first figures are fixed. */
describe("the demo investor's history on a fixed date", () => {
  it("starts with $25,000 bought at the first day's closes, and leaves the month just ended to the billing run", async () => {
    await seedDemoData({ history: false });
    await seedDemoHistory(DEMO_PRICES, new Date("2026-12-02T12:00:00Z"));
    const hana = await accountOf(HOLDER_EMAIL);
    const snapshots = await db.portfolioSnapshot.findMany({ where: { investmentAccountId: hana }, orderBy: { date: "asc" } });
    // 420 days before 2 December 2026 is 8 October 2025, a Wednesday: 300 weekdays to 1 December, the CSV's 300 rows.
    // Worked out by hand (a script outside the code under test) from demo-history.csv: each close scaled by demo
    // price / its last close, to the cent; $25,000.00 bought at 8 October's closes by the balanced weights, shares
    // rounded down to 1e-6, each costing its notional exactly (VTI: $8,750.00 / 219.69 → 39.828849 shares); then
    // Σ floor(shares × close × 100) = 2,499,992 cents.
    expect(snapshots[0]).toMatchObject({ date: new Date("2025-10-08"), marketValue: 2_499_992n, cash: 0n, netFlow: 2_500_000n });
    expect(snapshots.filter((s) => s.date < new Date("2026-12-02")).length).toBe(300);

    // October 2025 to October 2026 were billed on the first weekday of the month after; November 2026 is the
    // billing run's: its days are accrued already (daily), so billing it only bills.
    const bills = await db.feeBill.findMany({ where: { investmentAccountId: hana }, orderBy: { month: "asc" } });
    expect(bills.map((b) => b.month)).toEqual(["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]);
    expect(bills.find((b) => b.month === "2026-01")!.createdAt).toEqual(new Date("2026-02-02T14:30:00Z"));
    expect(await daysToAccrue("2026-11")).toEqual([]);
    await billMonth("2026-11");
    const november = await db.feeBill.findUniqueOrThrow({ where: { investmentAccountId_month: { investmentAccountId: hana, month: "2026-11" } } });
    const accruals = await db.feeAccrual.findMany({ where: { investmentAccountId: hana, day: { gte: new Date("2026-01-01"), lte: new Date("2026-11-30") } } });
    const basis = accruals.reduce((sum, a) => sum.plus(a.annualFee.toString()), new Decimal(0));
    const earlier = bills.filter((b) => b.month.startsWith("2026")).reduce((sum, b) => sum + b.amount, 0n);
    expect(november.amount).toBe(monthBill(2026, basis, earlier));
    // About 0.25 % a year of some $33,000 for a month: six to eight dollars.
    expect(november.amount).toBeGreaterThan(600n);
    expect(november.amount).toBeLessThan(800n);
    // Nobody else owes anything for that month.
    expect(await db.feeBill.count({ where: { month: "2026-11", amount: { gt: 0n } } })).toBe(1);
    expect((await trialBalance()).balanced).toBe(true);
  }, 900_000);
});
