import Decimal from "decimal.js";
import { z } from "zod";
import { db } from "../db";
import { NotFound } from "../errors";
import { parseInput } from "../validation";
import { splitAdjusted, splitsOf } from "./corporate-actions";
import { isStale } from "./freshness";

/** The latest price of a symbol, and whether it is stale (over 15 minutes old while the market is open). */
export async function latestPriceOf(symbol: string, now = new Date()) {
  const asset = await db.asset.findUnique({ where: { symbol: symbol.toUpperCase() }, include: { price: true } });
  if (!asset?.price) throw new NotFound(`No price for ${symbol}.`);
  const stale = isStale(asset.price.asOf, now);
  return { symbol: asset.symbol, name: asset.name, price: asset.price.price.toFixed(6), currency: asset.currency, asOf: asset.price.asOf.toISOString(), source: asset.price.source, stale };
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD").refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a date");
const historyQuery = z
  .object({ start: isoDate.optional(), end: isoDate.optional() })
  .transform((q) => {
    const end = q.end ?? new Date().toISOString().slice(0, 10);
    const start = q.start ?? new Date(Date.parse(`${end}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
    return { start, end };
  })
  .refine((q) => q.start <= q.end, { message: "start must not be after end", path: ["start"] })
  .refine((q) => Date.parse(q.end) - Date.parse(q.start) <= 3_660 * 86_400_000, { message: "at most ten years at a time", path: ["start"] });

/** Daily bars between two dates (the last year by default). */
export async function dailyHistoryOf(symbol: string, input: Record<string, unknown>) {
  const { start, end } = parseInput(historyQuery, input);
  const asset = await db.asset.findUnique({ where: { symbol: symbol.toUpperCase() } });
  if (!asset) throw new NotFound(`No asset ${symbol}.`);
  const bars = await db.priceBar.findMany({
    where: { assetId: asset.id, date: { gte: new Date(`${start}T00:00:00Z`), lte: new Date(`${end}T00:00:00Z`) } },
    orderBy: { date: "asc" },
  });
  const splits = await splitsOf(asset.symbol);
  // Split-adjusted: a split never shows as a fall or a jump.
  const adjust = (price: { toString(): string }, date: string) => splitAdjusted(new Decimal(price.toString()), date, splits).toFixed(6);
  return {
    symbol: asset.symbol,
    start,
    end,
    splitAdjusted: true,
    bars: bars.map((b) => {
      const date = b.date.toISOString().slice(0, 10);
      return { date, open: adjust(b.open, date), high: adjust(b.high, date), low: adjust(b.low, date), close: adjust(b.close, date), volume: b.volume.toString() };
    }),
  };
}
