import { describe, expect, it } from "vitest";
import { db } from "../db";
import { NotFound } from "../errors";
import { parsePriceCsv } from "./csv";
import { importBars } from "./import";

const csv = "date,1. open,2. high,3. low,4. close,5. volume\n2024-11-07,97.96,98.54,97.9,98.33,17402306\n2024-11-08,98.48,98.715,98.3748,98.5,6199838\n";

describe("importBars", () => {
  it("stores new bars, keeps those already stored, and prices an unpriced asset from the newest close", async () => {
    const { bars } = parsePriceCsv(csv, { today: "2026-11-21" });
    const bnd = await db.asset.findUniqueOrThrow({ where: { symbol: "BND" } });
    await db.assetPrice.deleteMany({ where: { assetId: bnd.id } });
    expect(await importBars("BND", bars, "test")).toEqual({ inserted: 2, duplicates: 0 });
    expect(await importBars("BND", bars, "test")).toEqual({ inserted: 0, duplicates: 2 });
    const stored = await db.priceBar.findMany({ where: { assetId: bnd.id }, orderBy: { date: "asc" } });
    expect(stored.map((b) => [b.date.toISOString().slice(0, 10), b.close.toString(), b.volume])).toEqual([
      ["2024-11-07", "98.33", 17_402_306n],
      ["2024-11-08", "98.5", 6_199_838n],
    ]);
    expect((await db.assetPrice.findUniqueOrThrow({ where: { assetId: bnd.id } })).price.toString()).toBe("98.5");
  });

  it("refuses an unknown symbol and stores nothing", async () => {
    const { bars } = parsePriceCsv(csv, { today: "2026-11-21" });
    const before = await db.priceBar.count();
    await expect(importBars("ARKK", bars, "test")).rejects.toBeInstanceOf(NotFound);
    expect(await db.priceBar.count()).toBe(before);
  });
});
