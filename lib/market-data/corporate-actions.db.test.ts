import Decimal from "decimal.js";
import { beforeEach, describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { db } from "../db";
import { Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import { holdingsOf } from "../investing/portfolio";
import { listTransactions } from "../portfolio/transactions";
import { applyDueSplits, applySplit, looksLikeUnrecordedSplit, recordSplit } from "./corporate-actions";
import { dailyHistoryOf } from "./queries";
import { storeQuotes } from "./sync";

beforeEach(async () => {
  await setPrices();
  // Applied splits leave append-only adjustments behind; each test starts without any.
  await db.$executeRawUnsafe(`TRUNCATE "HoldingAdjustment", "CorporateAction"`);
});

const today = () => new Date().toISOString().slice(0, 10);

async function investedAccount() {
  const { accountId } = await fundedInvestor(100_000n);
  await investAll(accountId);
  // The shares were bought before the split's ex-date.
  await db.taxLot.updateMany({ where: { investmentAccountId: accountId }, data: { acquiredAt: new Date("2026-01-02T15:00:00Z") } });
  await db.assetPrice.updateMany({ data: { asOf: new Date(Date.now() - 2 * 86_400_000) } });
  return accountId;
}

describe("a 4-for-1 split", () => {
  it("quadruples the shares and quarters the cost per share, leaving value and cost basis alone, once", async () => {
    const staff = await createUser("ADVISOR");
    const accountId = await investedAccount();
    const before = await holdingsOf(accountId);
    const lotBefore = await db.taxLot.findFirstOrThrow({ where: { investmentAccountId: accountId, symbol: "VTI" } });

    const action = await recordSplit(staff, { symbol: "vti", exDate: today(), fromShares: 1, toShares: 4 }, browser());
    expect(await applyDueSplits()).toBe(1);
    expect(await applySplit(action.id)).toEqual({ holdings: 0, lots: 0 }); // once

    const after = await holdingsOf(accountId);
    const vti = (rows: typeof before.rows) => rows.find((r) => r.symbol === "VTI")!;
    expect(vti(after.rows).quantity.toString()).toBe(vti(before.rows).quantity.times(4).toString());
    expect(vti(after.rows).price.toString()).toBe("72.53");
    expect(vti(after.rows).costBasis).toBe(vti(before.rows).costBasis);
    // 4 × 1.206397 = 4.825588 shares at 290.12 / 4 = 72.53: worth 349.99989764, as before the split.
    expect(vti(after.rows).quantity.toFixed(6)).toBe("4.825588");
    expect([vti(before.rows).value, vti(after.rows).value]).toEqual([34_999n, 34_999n]);
    const lotAfter = await db.taxLot.findUniqueOrThrow({ where: { id: lotBefore.id } });
    expect(new Decimal(lotAfter.costPerShare.toString()).times(4).toDecimalPlaces(4).toString()).toBe(new Decimal(lotBefore.costPerShare.toString()).toDecimalPlaces(4).toString());
    expect(await db.auditLog.count({ where: { targetId: action.id } })).toBe(2);

    // The investor's activity says what happened to the shares.
    const { transactions } = await listTransactions(accountId, { type: "corporate_action" });
    expect(transactions).toEqual([
      expect.objectContaining({
        kind: "CORPORATE_ACTION",
        amount: 0n,
        description: `Split of VTI: ${vti(before.rows).quantity.toString()} shares became ${vti(after.rows).quantity.toString()}`,
      }),
    ]);
  });

  it("is believed by the price sync only once recorded: an unexplained 4× fall is flagged and ignored", async () => {
    const asOf = new Date(Date.now() - 86_400_000);
    await db.assetPrice.updateMany({ data: { asOf } });
    const quote = { source: "test", symbol: "VTI", price: new Decimal("72.60"), at: new Date() };
    const refused = await storeQuotes([quote], new Date());
    expect(refused.updated).toBe(0);
    expect(refused.rejected[0]!.reason).toContain("looks like a split, but none is recorded: flagged for an operator");

    await recordSplit(await createUser("ADMIN"), { symbol: "VTI", exDate: today(), fromShares: 1, toShares: 4 }, browser());
    expect((await storeQuotes([quote], new Date())).updated).toBe(1);
  });

  it("is believed after the sync has applied it too (the stored price is then already adjusted)", async () => {
    await db.assetPrice.updateMany({ data: { asOf: new Date(Date.now() - 86_400_000) } });
    await recordSplit(await createUser("ADMIN"), { symbol: "VTI", exDate: today(), fromShares: 1, toShares: 4 }, browser());
    expect(await applyDueSplits()).toBe(1);
    const quote = { source: "test", symbol: "VTI", price: new Decimal("72.60"), at: new Date() };
    const stored = await storeQuotes([quote], new Date());
    expect(stored.rejected).toEqual([]);
    expect(stored.updated).toBe(1);
  });

  it("shows history split-adjusted, so the split is neither a fall nor a jump", async () => {
    const vti = await db.asset.findUniqueOrThrow({ where: { symbol: "VTI" } });
    await db.priceBar.createMany({
      data: [
        { assetId: vti.id, date: new Date("2026-03-02"), open: "290", high: "292", low: "288", close: "290", volume: 1000n, source: "test" },
        { assetId: vti.id, date: new Date("2026-03-03"), open: "72.5", high: "73", low: "72", close: "72.6", volume: 4000n, source: "test" },
      ],
    });
    await recordSplit(await createUser("ADMIN"), { symbol: "VTI", exDate: "2026-03-03", fromShares: 1, toShares: 4 }, browser());
    const history = await dailyHistoryOf("VTI", { start: "2026-03-01", end: "2026-03-04" });
    expect(history.bars.map((b) => [b.date, b.close])).toEqual([
      ["2026-03-02", "72.500000"],
      ["2026-03-03", "72.600000"],
    ]);
  });

  it("is recorded by staff only, once, for a known asset, with a real ratio", async () => {
    const admin = await createUser("ADMIN");
    await expect(recordSplit(await createUser("INVESTOR"), { symbol: "VTI", exDate: today(), fromShares: 1, toShares: 2 }, browser())).rejects.toBeInstanceOf(Forbidden);
    await expect(recordSplit(admin, { symbol: "ZZZZ", exDate: today(), fromShares: 1, toShares: 2 }, browser())).rejects.toBeInstanceOf(NotFound);
    await expect(recordSplit(admin, { symbol: "VTI", exDate: today(), fromShares: 2, toShares: 2 }, browser())).rejects.toBeInstanceOf(InvalidInput);
    await recordSplit(admin, { symbol: "VTI", exDate: today(), fromShares: 1, toShares: 2 }, browser());
    await expect(recordSplit(admin, { symbol: "VTI", exDate: today(), fromShares: 1, toShares: 3 }, browser())).rejects.toBeInstanceOf(Conflict);
  });
});

describe("looksLikeUnrecordedSplit", () => {
  it("flags moves beyond 40% unless a recorded ratio explains them", () => {
    const d = (v: string) => new Decimal(v);
    expect(looksLikeUnrecordedSplit(d("100"), d("50"), null)).toBe(true);
    expect(looksLikeUnrecordedSplit(d("100"), d("50.2"), d("2"))).toBe(false);
    expect(looksLikeUnrecordedSplit(d("100"), d("130"), null)).toBe(false);
    expect(looksLikeUnrecordedSplit(d("100"), d("300"), d("0.5"))).toBe(true);
  });
});
