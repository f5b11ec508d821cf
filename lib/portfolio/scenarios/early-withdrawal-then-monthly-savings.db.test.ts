/**
 * The money-weighted scenario (early-withdrawal-then-monthly-savings.test.ts, real VTI closes 2017-01-03 to
 * 2021-12-31) as the dashboard and the API read it: five years of snapshots and valued flows, written as the
 * product writes them, read back through performanceOfAccount and the API's JSON.
 */
import { describe, expect, it } from "vitest";
import { createInvestor } from "../../../scripts/test/factories";
import { db } from "../../db";
import { performanceJson } from "../api-views";
import { performanceOfAccount } from "../performance";
import { account, independentMoneyWeighted } from "./savings-history";

describe("an early withdrawal followed by monthly savings, through the database", () => {
  it("shows a money-weighted return that is the root, cumulative and annualised, and the period named", async () => {
    const { accountId } = await createInvestor();
    await db.portfolioSnapshot.createMany({
      data: account.snapshots.map((s) => ({ investmentAccountId: accountId, date: new Date(s.date), marketValue: s.value, cash: 0n, netFlow: s.flow })),
    });
    await db.portfolioFlow.createMany({
      data: account.snapshots.flatMap((s, day) =>
        (s.flows ?? []).map((f, i) => ({ entryId: BigInt(day * 10 + i + 1), investmentAccountId: accountId, at: new Date(`${s.date}T15:00:00Z`), amount: f.amount, valueBefore: f.before })),
      ),
    });

    const performance = await performanceOfAccount(accountId, "ALL");
    expect(performance.period).toEqual({ from: "2017-01-04", to: "2021-12-31", days: 1823 });
    const mw = performance.moneyWeighted;
    expect(mw.meaningful).toBe(true);
    if (!mw.meaningful) return;
    const expected = independentMoneyWeighted().toNumber();
    expect(Math.abs(mw.cumulative - expected)).toBeLessThan(1e-9);
    const json = performanceJson(accountId, "USD", performance);
    expect(json.moneyWeightedReturn).toBe(expected.toFixed(6));
    expect(json.moneyWeightedReturnAnnualised).toBe(((1 + expected) ** (365 / 1823) - 1).toFixed(6));
    expect(json.moneyWeightedNotMeaningful).toBeNull();
  });
});
