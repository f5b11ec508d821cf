import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { accrueDay, daysToAccrue } from "../lib/fees/accrue";
import { billMonth } from "../lib/fees/bill";
import { trialBalance } from "../lib/ledger/trial-balance";
import { HOLDER_EMAIL, seedDemoHistory } from "./demo-history";
import { DEMO_PRICES, seedDemoData } from "./seed";

const accountOf = async (email: string) => (await db.investmentAccount.findFirstOrThrow({ where: { user: { email } }, select: { id: true } })).id;

/** Hana Holder's history as if the database had been seeded on 2 December 2026, so every figure is fixed. */
describe("the demo investor's fees", () => {
  it("has a month of fees to bill, from its daily closes, rounded down once", async () => {
    await seedDemoData({ history: false });
    await seedDemoHistory(DEMO_PRICES, new Date("2026-12-02T12:00:00Z"));
    const hana = await accountOf(HOLDER_EMAIL);
    const snapshots = await db.portfolioSnapshot.findMany({ where: { investmentAccountId: hana }, orderBy: { date: "asc" } });
    // 64 weekdays from 3 September 2026 (90 days before 2 December) to 1 December. Worked out by hand (a script
    // outside the code under test) from demo-history.csv: each close scaled by demo price / its last close, to
    // the cent; $25,000.00 bought at 3 September's closes by weight, shares rounded down to 1e-6, each costing its
    // notional exactly (VTI: $8,750.00 / 256.91 → 34.058619 shares); then Σ floor(shares × close × 100).
    expect(snapshots.length).toBe(64);
    expect(snapshots[0]).toMatchObject({ marketValue: 2_499_992n, cash: 0n, netFlow: 2_500_000n });
    expect(snapshots.at(-1)).toMatchObject({ marketValue: 2_634_532n, cash: 0n, netFlow: 0n });

    // November 2026, as the billing run does it: the days not accrued yet first, then the bill. The 30 daily
    // closes (weekends carry Friday's) add up to $783,826.82; × 0.25 % / 365 = 536.8677 cents → $5.36.
    for (const day of await daysToAccrue("2026-11")) await accrueDay(day);
    await billMonth("2026-11");
    const bill = await db.feeBill.findUniqueOrThrow({ where: { investmentAccountId_month: { investmentAccountId: hana, month: "2026-11" } } });
    expect(bill.amount).toBe(536n);
    const accruals = await db.feeAccrual.findMany({ where: { investmentAccountId: hana, day: { gte: new Date("2026-11-01"), lte: new Date("2026-11-30") } } });
    expect(accruals.length).toBe(30);
    expect(accruals.reduce((sum, row) => sum + row.value, 0n)).toBe(78_382_682n);
    // Nobody else owes anything for that month; her cash (none) did not cover it, so sales will.
    expect(await db.feeBill.count({ where: { month: "2026-11", amount: { gt: 0n } } })).toBe(1);
    expect(bill).toMatchObject({ collected: 0n, status: "BILLED" });
    expect((await trialBalance()).balanced).toBe(true);
  });
});
