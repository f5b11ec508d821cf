import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { BALANCED_1000, fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { db } from "../db";
import { cashOverview, holdingsOf } from "./portfolio";

describe("an investor's holdings and cash", () => {
  it("are empty for a new investor, with no prices to date", async () => {
    const { user, accountId } = await createInvestor();
    expect(await holdingsOf(accountId)).toMatchObject({ invested: 0n, rows: [], investing: false, pricesAsOf: null });
    expect(await cashOverview(user)).toEqual({ currency: "USD", status: "ACTIVE", cash: 0n, held: 0n, owed: 0n, pending: 0n, identity: null });
  });

  it("value each holding at its latest price, and date the prices by the oldest of what is held", async () => {
    await setPrices();
    const { user, accountId } = await fundedInvestor(100_000n);
    await investAll(accountId);
    const held = await db.holding.findMany({ where: { investmentAccountId: accountId }, select: { symbol: true } });
    const symbols = held.map((h) => h.symbol);
    // One held fund's price is an hour older than the rest; a fund the investor does not hold is older still.
    const oldest = new Date(Date.now() - 3_600_000);
    await db.assetPrice.updateMany({ where: { asset: { symbol: { in: symbols } } }, data: { asOf: new Date() } });
    await db.assetPrice.updateMany({ where: { asset: { symbol: symbols[0]! } }, data: { asOf: oldest } });
    await db.assetPrice.updateMany({ where: { asset: { symbol: { notIn: symbols } } }, data: { asOf: new Date(Date.now() - 86_400_000) } });

    const holdings = await holdingsOf(accountId);
    expect(holdings.pricesAsOf).toEqual(oldest);
    expect(holdings.rows.map((row) => row.symbol).sort()).toEqual([...symbols].sort());
    for (const row of holdings.rows) expect(row.value).toBe(BigInt(row.quantity.times(row.price).times(100).floor().toFixed(0)));
    expect(holdings.invested).toBe(holdings.rows.reduce((sum, row) => sum + row.value, 0n));
    expect(Object.fromEntries(holdings.rows.map((row) => [row.symbol, { quantity: row.quantity.toFixed(6), value: row.value }]))).toEqual(BALANCED_1000.holdings);
    expect(holdings.invested).toBe(BALANCED_1000.value);
    expect(holdings.rows.reduce((sum, row) => sum.plus(row.weight), new Decimal(0)).toDecimalPlaces(6).toNumber()).toBe(1);

    const cash = await cashOverview(user);
    // Every order cost exactly what it asked for (no spread in this broker): all $1,000 is in the funds' cost basis.
    expect(cash).toMatchObject({ status: "ACTIVE", cash: 0n, held: 0n, owed: 0n, pending: 0n, identity: "APPROVED" });
    expect((await db.holding.aggregate({ where: { investmentAccountId: accountId }, _sum: { costBasis: true } }))._sum.costBasis).toBe(100_000n);
  });
});
