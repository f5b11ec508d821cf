import Decimal from "decimal.js";
import { beforeEach, describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { db } from "../db";
import { Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import { holdingsOf } from "../investing/portfolio";
import { listTransactions } from "../portfolio/transactions";
import { applyCorporateAction, applyDueCorporateActions, recordCorporateAction } from "./corporate-actions";
import { dismissPriceFlag } from "./price-flags";
import { dailyHistoryOf } from "./queries";
import { storeQuotes } from "./sync";

beforeEach(async () => {
  await setPrices();
  // Applied splits leave append-only adjustments behind; each test starts without any.
  await db.$executeRawUnsafe(`TRUNCATE "HoldingAdjustment", "PriceFlag", "CorporateAction"`);
});

const today = () => new Date().toISOString().slice(0, 10);
const split = (input: { symbol: string; exDate: string; fromShares: number; toShares: number; flagId?: string }) => ({ kind: "SPLIT", ...input });

async function investedAccount() {
  const { accountId } = await fundedInvestor(100_000n);
  await investAll(accountId);
  // The shares were bought before the split's ex-date.
  await db.taxLot.updateMany({ where: { investmentAccountId: accountId }, data: { acquiredAt: new Date("2026-01-02T15:00:00Z") } });
  await db.assetPrice.updateMany({ data: { asOf: new Date(Date.now() - 2 * 86_400_000) } });
  return accountId;
}

describe("a 4-for-1 split", () => {
  it("quadruples the shares and quarters the cost per share, leaving value and cost basis alone, once, and tells only the holders it touched", async () => {
    const staff = await createUser("ADMIN");
    // Another investor bought VTI after the ex-date: the split has already happened to those shares.
    const { accountId: laterBuyer } = await fundedInvestor(100_000n);
    await investAll(laterBuyer);
    await db.taxLot.updateMany({ where: { investmentAccountId: laterBuyer }, data: { acquiredAt: new Date(Date.now() + 60_000) } });
    const accountId = await investedAccount();
    const before = await holdingsOf(accountId);
    const lotBefore = await db.taxLot.findFirstOrThrow({ where: { investmentAccountId: accountId, symbol: "VTI" } });

    const action = await recordCorporateAction(staff, split({ symbol: "vti", exDate: today(), fromShares: 1, toShares: 4 }), browser());
    expect(action.appliedAt).toBeNull(); // the row as recorded; it was applied right after
    expect(await applyDueCorporateActions()).toBe(0);
    expect(await applyCorporateAction(action.id)).toEqual({ holdings: 0, lots: 0 }); // once
    expect((await listTransactions(laterBuyer, { type: "corporate_action" })).transactions).toEqual([]);

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

  it("is believed by the price sync only once recorded: an unexplained 4× fall is held and flagged, and the split resolves the flag", async () => {
    const asOf = new Date(Date.now() - 86_400_000);
    await db.assetPrice.updateMany({ data: { asOf } });
    const quote = { source: "test", symbol: "VTI", price: new Decimal("72.60"), at: new Date() };
    const refused = await storeQuotes([quote], new Date());
    expect(refused.updated).toBe(0);
    expect(refused.rejected[0]!.reason).toContain("looks like a 4:1 split, but none is recorded: held and flagged for an operator");
    const flag = await db.priceFlag.findFirstOrThrow({ where: { symbol: "VTI" } });
    expect([flag.status, flag.suggestedTo, flag.suggestedFrom, flag.close.toString(), flag.previousClose.toString(), flag.source]).toEqual(["OPEN", 4, 1, "72.6", "290.12", "sync"]);
    expect((await db.assetPrice.findFirstOrThrow({ where: { asset: { symbol: "VTI" } } })).price.toString()).toBe("290.12");

    const action = await recordCorporateAction(await createUser("ADMIN"), split({ symbol: "VTI", exDate: today(), fromShares: 1, toShares: 4, flagId: flag.id }), browser());
    expect(await db.priceFlag.findUniqueOrThrow({ where: { id: flag.id } })).toMatchObject({ status: "RESOLVED", corporateActionId: action.id });
    expect((await storeQuotes([quote], new Date())).updated).toBe(1);
  });

  it("holds a 3:2 move that the old 40% guard let through, and accepts the held price when dismissed as a market move", async () => {
    await db.assetPrice.updateMany({ data: { asOf: new Date(Date.now() - 86_400_000) } });
    // 290.12 × 2/3 = 193.41: a 33% fall.
    const quote = { source: "test", symbol: "VTI", price: new Decimal("193.50"), at: new Date() };
    expect((await storeQuotes([quote], new Date())).rejected[0]!.reason).toContain("like a 3:2 split");
    const flag = await db.priceFlag.findFirstOrThrow({ where: { symbol: "VTI" } });
    await expect(dismissPriceFlag(await createUser("ADVISOR"), { flagId: flag.id }, browser())).rejects.toBeInstanceOf(Forbidden);
    expect(await dismissPriceFlag(await createUser("ADMIN"), { flagId: flag.id }, browser())).toEqual({ accepted: true });
    expect((await db.assetPrice.findFirstOrThrow({ where: { asset: { symbol: "VTI" } } })).price.toString()).toBe("193.5");
    expect(await db.auditLog.count({ where: { targetId: flag.id, action: "PRICE_FLAG_DISMISSED" } })).toBe(1);
    await expect(dismissPriceFlag(await createUser("ADMIN"), { flagId: flag.id }, browser())).rejects.toBeInstanceOf(Conflict);
  });

  it("is believed after the sync has applied it too (the stored price is then already adjusted)", async () => {
    await db.assetPrice.updateMany({ data: { asOf: new Date(Date.now() - 86_400_000) } });
    await recordCorporateAction(await createUser("ADMIN"), split({ symbol: "VTI", exDate: today(), fromShares: 1, toShares: 4 }), browser());
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
    await recordCorporateAction(await createUser("ADMIN"), split({ symbol: "VTI", exDate: "2026-03-03", fromShares: 1, toShares: 4 }), browser());
    const history = await dailyHistoryOf("VTI", { start: "2026-03-01", end: "2026-03-04" });
    expect(history.bars.map((b) => [b.date, b.close])).toEqual([
      ["2026-03-02", "72.500000"],
      ["2026-03-03", "72.600000"],
    ]);
  });

  it("is recorded by admins only, once, for a known asset, with a real ratio", async () => {
    const admin = await createUser("ADMIN");
    await expect(recordCorporateAction(await createUser("ADVISOR"), split({ symbol: "VTI", exDate: today(), fromShares: 1, toShares: 2 }), browser())).rejects.toBeInstanceOf(Forbidden);
    await expect(recordCorporateAction(admin, split({ symbol: "ZZZZ", exDate: today(), fromShares: 1, toShares: 2 }), browser())).rejects.toBeInstanceOf(NotFound);
    await expect(recordCorporateAction(admin, split({ symbol: "VTI", exDate: today(), fromShares: 2, toShares: 2 }), browser())).rejects.toBeInstanceOf(InvalidInput);
    await expect(recordCorporateAction(admin, split({ symbol: "VTI", exDate: "2026-02-30", fromShares: 1, toShares: 2 }), browser())).rejects.toBeInstanceOf(InvalidInput);
    await recordCorporateAction(admin, split({ symbol: "VTI", exDate: today(), fromShares: 1, toShares: 2 }), browser());
    await expect(recordCorporateAction(admin, split({ symbol: "VTI", exDate: today(), fromShares: 1, toShares: 3 }), browser())).rejects.toBeInstanceOf(Conflict);
  });
});

describe("a cash dividend", () => {
  it("is refused with a message per field when its dates or amount are wrong", async () => {
    const admin = await createUser("ADMIN");
    const error = await recordCorporateAction(
      admin,
      { kind: "CASH_DIVIDEND", symbol: "VTI", exDate: "2026-03-10", recordDate: "2026-03-09", payDate: "2026-03-20", amountPerShare: "0.81234567", qualified: "on" },
      browser(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({
      amountPerShare: "dollars per share, e.g. 0.8123 (up to 6 decimals)",
      recordDate: "the record date is on or after the ex-date",
    });
    const dates = await recordCorporateAction(
      admin,
      { kind: "CASH_DIVIDEND", symbol: "VTI", exDate: "2026-03-10", recordDate: "2026-03-11", payDate: "2026-03-10", amountPerShare: "0.8123" },
      browser(),
    ).catch((e: unknown) => e);
    expect((dates as InvalidInput).fields).toEqual({ payDate: "the pay date is on or after the record date" });
  });
});

describe("a symbol change", () => {
  it("renames the asset, holdings and lots once, and tells each holder", async () => {
    const accountId = await investedAccount();
    const quantity = (await db.holding.findUniqueOrThrow({ where: { investmentAccountId_symbol: { investmentAccountId: accountId, symbol: "GLD" } } })).quantity.toString();
    await recordCorporateAction(await createUser("ADMIN"), { kind: "SYMBOL_CHANGE", symbol: "GLD", exDate: today(), newSymbol: "GLDX" }, browser());
    expect(await db.asset.findUnique({ where: { symbol: "GLD" } })).toBeNull();
    expect((await db.holding.findUniqueOrThrow({ where: { investmentAccountId_symbol: { investmentAccountId: accountId, symbol: "GLDX" } } })).quantity.toString()).toBe(quantity);
    expect(await db.taxLot.count({ where: { investmentAccountId: accountId, symbol: "GLD" } })).toBe(0);
    expect(await applyDueCorporateActions()).toBe(0);
    const { transactions } = await listTransactions(accountId, { type: "corporate_action" });
    expect(transactions.map((t) => t.description)).toEqual([`GLD is now traded as GLDX: your ${quantity} shares are unchanged`]);
  });
});
