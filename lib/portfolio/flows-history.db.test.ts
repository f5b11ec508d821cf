import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { db } from "../db";
import { performanceOfAccount } from "./performance";
import { dateOf, DAY_MS, deposit } from "./scenarios/ledger-fixtures";

const MIGRATION = readFileSync(new URL("../../prisma/migrations/20261202023600_portfolio_flows_history/migration.sql", import.meta.url), "utf8");

describe("flows posted before flows were valued (the data migration)", () => {
  it("become PortfolioFlow rows that give the returns the old close-of-day convention gave", async () => {
    const { accountId } = await createInvestor({ verified: true });
    const today = dateOf(new Date());
    await deposit(accountId, 100_000n);
    await deposit(accountId, 50_000n);
    // What the old code left: no valued flows; a snapshot yesterday, and today's with the day's flows at the close.
    await db.portfolioFlow.deleteMany({ where: { investmentAccountId: accountId } });
    await db.portfolioSnapshot.deleteMany({ where: { investmentAccountId: accountId } });
    await db.portfolioSnapshot.createMany({
      data: [
        { investmentAccountId: accountId, date: new Date(dateOf(new Date(Date.now() - DAY_MS))), marketValue: 1_000n, cash: 0n, netFlow: 0n },
        { investmentAccountId: accountId, date: new Date(today), marketValue: 1_100n, cash: 150_000n, netFlow: 150_000n },
      ],
    });
    const before = await performanceOfAccount(accountId, "ALL");

    await db.$executeRawUnsafe(MIGRATION);
    const flows = await db.portfolioFlow.findMany({ where: { investmentAccountId: accountId }, orderBy: { at: "asc" } });
    // Today's value less the day's flows ($11.00), then after the first deposit: $1,011.00.
    expect(flows.map((f) => [f.amount, f.valueBefore])).toEqual([
      [100_000n, 1_100n],
      [50_000n, 101_100n],
    ]);
    const after = await performanceOfAccount(accountId, "ALL");
    expect(after.timeWeighted).toBe(before.timeWeighted); // (151,100 − 150,000) / 1,000 − 1 = +10%, both ways
    expect(after.timeWeighted).toBe(0.1);
    await db.$executeRawUnsafe(MIGRATION); // again: nothing new
    expect(await db.portfolioFlow.count({ where: { investmentAccountId: accountId } })).toBe(2);
  });
});
