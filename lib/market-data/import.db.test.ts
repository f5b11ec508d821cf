import { describe, expect, it } from "vitest";
import { db } from "../db";
import { parsePriceCsv } from "./csv";
import { importPriceHistory } from "./import";

const csv = "date,1. open,2. high,3. low,4. close,5. volume\n2024-11-07,97.96,98.54,97.9,98.33,17402306\n2024-11-08,98.48,98.715,98.3748,98.5,6199838\n";

describe("importBars", () => {
  it("stores new bars, keeps those already stored, and prices an unpriced asset from the newest close", async () => {
    const { bars } = parsePriceCsv(csv, { today: "2026-11-21" });
    const bnd = await db.asset.findUniqueOrThrow({ where: { symbol: "BND" } });
    await db.assetPrice.deleteMany({ where: { assetId: bnd.id } });
    expect(await importPriceHistory("BND", bars, "test")).toMatchObject({ inserted: 2, duplicates: 0, addedAsReference: false, flagged: [] });
    expect(await importPriceHistory("BND", bars, "test")).toMatchObject({ inserted: 0, duplicates: 2, addedAsReference: false, flagged: [] });
    const stored = await db.priceBar.findMany({ where: { assetId: bnd.id }, orderBy: { date: "asc" } });
    expect(stored.map((b) => [b.date.toISOString().slice(0, 10), b.close.toString(), b.volume])).toEqual([
      ["2024-11-07", "98.33", 17_402_306n],
      ["2024-11-08", "98.5", 6_199_838n],
    ]);
    expect((await db.assetPrice.findUniqueOrThrow({ where: { assetId: bnd.id } })).price.toString()).toBe("98.5");
  });

  it("imports a symbol outside the universe as reference data: never tradable, synced or offered to a model", async () => {
    const { bars } = parsePriceCsv(csv, { today: "2026-11-21" });
    expect(await importPriceHistory("ARKK", bars, "import:ARKK.csv")).toMatchObject({ inserted: 2, addedAsReference: true });
    expect(await db.asset.findUniqueOrThrow({ where: { symbol: "ARKK" } })).toMatchObject({ active: false, tradable: false });
    expect(await importPriceHistory("ARKK", bars, "import:ARKK.csv")).toMatchObject({ inserted: 0, addedAsReference: false });
  });

  it("keeps an adjusted close, records a dividend column as history (never paid), and flags a split-like open once", async () => {
    const text = [
      "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount",
      "2024-03-20,90.00,91.00,89.50,90.00,88.10,1000,0.0000",
      "2024-03-21,59.90,60.50,59.50,60.20,58.93,3000,0.0000", // 90 × 2/3 = 60: a 3:2 split
      "2024-03-22,60.10,60.40,59.90,60.00,59.02,2000,0.2500",
    ].join("\n");
    const { bars, problems } = parsePriceCsv(text, { today: "2026-11-21" });
    expect(problems).toEqual([]);
    const first = await importPriceHistory("ZZTEST", bars, "import:ZZTEST.csv");
    expect(first.flagged.map((g) => [g.date, g.previousDate, g.ratio])).toEqual([["2024-03-21", "2024-03-20", { toShares: 3, fromShares: 2 }]]);
    expect(first.dividends).toBe(1);
    expect((await importPriceHistory("ZZTEST", bars, "import:ZZTEST.csv")).flagged).toEqual([]); // nothing twice
    expect(await db.priceFlag.count({ where: { symbol: "ZZTEST" } })).toBe(1);
    const asset = await db.asset.findUniqueOrThrow({ where: { symbol: "ZZTEST" } });
    const stored = await db.priceBar.findMany({ where: { assetId: asset.id }, orderBy: { date: "asc" } });
    expect(stored.map((b) => [b.close.toString(), b.adjClose?.toString()])).toEqual([["90", "88.1"], ["60.2", "58.93"], ["60", "59.02"]]);
    const dividend = await db.corporateAction.findFirstOrThrow({ where: { symbol: "ZZTEST", kind: "CASH_DIVIDEND" } });
    expect([dividend.exDate.toISOString().slice(0, 10), dividend.amountPerShare?.toString(), dividend.source]).toEqual(["2024-03-22", "0.25", "import:ZZTEST.csv"]);
  });
});
