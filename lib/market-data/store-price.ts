import Decimal from "decimal.js";
import type { Tx } from "../db";

/** Stores an accepted price in the caller's transaction: the latest price, an intraday tick and the bar of `now`'s day. */
export async function storePrice(tx: Tx, assetId: string, price: Decimal, at: Date, sources: string[], now: Date): Promise<void> {
  const value = price.toFixed(6);
  const source = sources.join(",");
  await tx.assetPrice.upsert({ where: { assetId }, create: { assetId, price: value, asOf: at, source }, update: { price: value, asOf: at, source } });
  await tx.priceTick.create({ data: { assetId, price: value, at, sources } });
  const day = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const bar = await tx.priceBar.findUnique({ where: { assetId_date: { assetId, date: day } } });
  await tx.priceBar.upsert({
    where: { assetId_date: { assetId, date: day } },
    create: { assetId, date: day, open: value, high: value, low: value, close: value, source: "sync" },
    update: {
      high: Decimal.max(new Decimal(bar?.high.toString() ?? value), price).toFixed(6),
      low: Decimal.min(new Decimal(bar?.low.toString() ?? value), price).toFixed(6),
      close: value,
    },
  });
}
