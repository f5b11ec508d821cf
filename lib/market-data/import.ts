import { db } from "../db";
import { NotFound } from "../errors";
import type { Bar } from "./csv";
import { markHistoryChanged } from "./history-version";

/**
 * Stores daily bars for one asset; a bar already stored for a date is kept (reported as a duplicate, not
 * overwritten). An asset with no price yet takes the newest close. Returns how many were new.
 */
export async function importBars(symbol: string, bars: Bar[], source: string): Promise<{ inserted: number; duplicates: number }> {
  const asset = await db.asset.findUnique({ where: { symbol }, include: { price: true } });
  if (!asset) throw new NotFound(`No asset ${symbol}: add it before importing its prices.`);
  let inserted = 0;
  for (let i = 0; i < bars.length; i += 5_000) {
    const { count } = await db.priceBar.createMany({
      data: bars.slice(i, i + 5_000).map((bar) => ({
        assetId: asset.id,
        date: new Date(`${bar.date}T00:00:00Z`),
        open: bar.open.toFixed(6),
        high: bar.high.toFixed(6),
        low: bar.low.toFixed(6),
        close: bar.close.toFixed(6),
        volume: bar.volume,
        source,
      })),
      skipDuplicates: true,
    });
    inserted += count;
  }
  if (inserted) markHistoryChanged();
  const newest = bars.at(-1);
  if (!asset.price && newest) {
    await db.assetPrice.create({ data: { assetId: asset.id, price: newest.close.toFixed(6), asOf: new Date(`${newest.date}T21:00:00Z`), source } });
  }
  return { inserted, duplicates: bars.length - inserted };
}
