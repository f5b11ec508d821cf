import Decimal from "decimal.js";
import { db } from "../db";
import { repairHistoryOf } from "../portfolio/snapshots";
import type { Bar } from "./csv";
import { markHistoryChanged } from "./history-version";
import { flagImportedGaps } from "./price-flags";
import { splitLikeGaps, type SplitLikeGap } from "./split-detection";

export interface ImportResult {
  inserted: number;
  duplicates: number;
  /** The symbol was outside the asset universe: it was added as reference data (never traded, synced or in a model). */
  addedAsReference: boolean;
  /** Split-like gaps new to the review queue (none twice, however often the file is imported). */
  flagged: SplitLikeGap[];
  /** Cash dividends recorded from a dividend column (history for total return; never paid to anyone). */
  dividends: number;
}

/**
 * Stores daily bars for one symbol as the file gives them (unadjusted; an adjusted close is kept beside them), and
 * never accepts a split silently: every split-like open gap is flagged for an operator, whose recorded split then
 * adjusts the history. A bar already stored for a date is kept (reported as a duplicate, not overwritten). A symbol
 * outside the universe becomes a reference asset (benchmarks, future substitutes). An asset of the universe with no
 * price yet takes the newest close.
 */
export async function importPriceHistory(symbol: string, bars: Bar[], source: string): Promise<ImportResult> {
  const existing = await db.asset.findUnique({ where: { symbol }, include: { price: true } });
  // A reference asset is inactive and not tradable: the sync, the models and the investing code leave it alone.
  const asset = existing ?? (await db.asset.create({ data: { symbol, name: symbol, assetClass: "US_STOCKS", active: false, tradable: false }, include: { price: true } }));
  // One statement per 5,000 bars, the columns as arrays: Prisma's createMany spends ~1.5 ms a row here.
  let inserted = 0;
  for (let i = 0; i < bars.length; i += 5_000) {
    const chunk = bars.slice(i, i + 5_000);
    const column = <T>(value: (bar: Bar) => T) => chunk.map(value);
    inserted += await db.$executeRaw`
      INSERT INTO "PriceBar" ("assetId", "date", "open", "high", "low", "close", "adjClose", "volume", "source")
      SELECT ${asset.id}::uuid, b.date, b.open, b.high, b.low, b.close, b.adj, b.volume, ${source}
      FROM unnest(
        ${column((bar) => bar.date)}::date[], ${column((bar) => bar.open.toFixed(6))}::numeric[], ${column((bar) => bar.high.toFixed(6))}::numeric[],
        ${column((bar) => bar.low.toFixed(6))}::numeric[], ${column((bar) => bar.close.toFixed(6))}::numeric[],
        ${column((bar) => bar.adjClose?.toFixed(6) ?? null)}::numeric[], ${column((bar) => bar.volume.toString())}::bigint[]
      ) AS b(date, open, high, low, close, adj, volume)
      ON CONFLICT ("assetId", "date") DO NOTHING`;
  }
  if (inserted) markHistoryChanged();
  // Past days of a fund investors hold: their snapshots of those days are rewritten with the closes now known.
  if (inserted && asset.tradable && bars[0]) await repairHistoryOf(symbol, bars[0].date);
  const newest = bars.at(-1);
  // Reference data has no latest price: nothing values it, and its old history must not make prices look stale.
  if (asset.tradable && !asset.price && newest) {
    await db.assetPrice.create({ data: { assetId: asset.id, price: newest.close.toFixed(6), asOf: new Date(`${newest.date}T21:00:00Z`), source } });
  }
  const flagged = await flagImportedGaps(symbol, await unexplainedGaps(asset.id, symbol, bars), source);
  const dividends = bars.filter((bar) => bar.dividend);
  const { count: recorded } = await db.corporateAction.createMany({
    data: dividends.map((bar) => ({
      kind: "CASH_DIVIDEND" as const,
      symbol,
      exDate: new Date(`${bar.date}T00:00:00Z`),
      payDate: new Date(`${bar.date}T00:00:00Z`),
      amountPerShare: bar.dividend!.toFixed(6),
      // History from a file is for total return only: nobody is paid from it (only dividends staff record are paid).
      source,
    })),
    skipDuplicates: true,
  });
  return { inserted, duplicates: bars.length - inserted, addedAsReference: !existing, flagged, dividends: recorded };
}

/** The file's split-like gaps (and the one from the bar stored just before it) that no recorded split explains. */
async function unexplainedGaps(assetId: string, symbol: string, bars: Bar[]): Promise<SplitLikeGap[]> {
  const first = bars[0];
  if (!first) return [];
  const before = await db.priceBar.findFirst({ where: { assetId, date: { lt: new Date(`${first.date}T00:00:00Z`) } }, orderBy: { date: "desc" } });
  const series = before ? [{ date: before.date.toISOString().slice(0, 10), open: new Decimal(before.open.toString()), close: new Decimal(before.close.toString()) }, ...bars] : bars;
  const splits = await db.corporateAction.findMany({ where: { symbol, kind: "SPLIT" }, select: { exDate: true, toShares: true, fromShares: true } });
  return splitLikeGaps(series, new Map(splits.map((s) => [s.exDate.toISOString().slice(0, 10), { toShares: s.toShares!, fromShares: s.fromShares! }])));
}
