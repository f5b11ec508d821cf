import Decimal from "decimal.js";
import { db } from "../db";
import { aggregateQuotes, breakerAfter, breakerAllows, type Quote, type RejectedQuote } from "./aggregate";
import { looksLikeUnrecordedSplit } from "./corporate-actions";
import { markHistoryChanged } from "./history-version";
import type { PriceSource } from "./sources";
import { priceFreshness } from "./freshness";

/** Asks one source for the active assets' prices, honouring and updating its circuit breaker. */
export async function fetchFromSource(source: PriceSource, now = new Date()): Promise<{ quotes: Quote[]; skipped: boolean }> {
  const state = await db.priceSourceState.upsert({ where: { source: source.name }, create: { source: source.name }, update: {} });
  if (!breakerAllows(state, now)) return { quotes: [], skipped: true };
  const symbols = (await db.asset.findMany({ where: { active: true }, select: { symbol: true } })).map((a) => a.symbol);
  try {
    const quotes = await source.latestQuotes(symbols);
    const next = breakerAfter(state, true, now);
    await db.priceSourceState.update({ where: { source: source.name }, data: { ...next, lastError: null, lastSuccessAt: now } });
    return { quotes, skipped: false };
  } catch (error) {
    const next = breakerAfter(state, false, now);
    await db.priceSourceState.update({
      where: { source: source.name },
      data: { ...next, lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500) },
    });
    throw error;
  }
}

export interface SyncResult {
  updated: number;
  rejected: { source: string; symbol: string; price: string; reason: string }[];
}

/**
 * Aggregates the quotes of all sources and stores the accepted prices: latest price, an intraday tick and
 * today's daily bar, in one transaction. Rejected quotes are returned for the log.
 */
export async function storeQuotes(quotes: Quote[], now = new Date()): Promise<SyncResult> {
  const { prices, rejected } = aggregateQuotes(quotes, now);
  const assets = await db.asset.findMany({ where: { symbol: { in: prices.map((p) => p.symbol) } }, select: { id: true, symbol: true } });
  const idOf = new Map(assets.map((a) => [a.symbol, a.id]));
  const unknown: RejectedQuote[] = prices.filter((p) => !idOf.has(p.symbol)).map((p) => ({ quote: { source: p.sources.join(","), symbol: p.symbol, price: p.price, at: p.at }, reason: "unknown symbol" }));
  const stored = await db.assetPrice.findMany({ where: { assetId: { in: [...idOf.values()] } }, include: { asset: { select: { symbol: true } } } });
  const splits = await db.corporateAction.findMany({ where: { symbol: { in: prices.map((p) => p.symbol) } } });
  // A move that looks like a split is only believed when a recorded split explains it.
  const splitLike: RejectedQuote[] = [];
  const known = prices.filter((p) => {
    if (!idOf.has(p.symbol)) return false;
    const previous = stored.find((s) => s.asset.symbol === p.symbol);
    if (!previous) return true;
    // A split already applied has adjusted the stored price itself; only one still pending explains a jump.
    const split = splits.find((s) => s.symbol === p.symbol && s.exDate > previous.asOf && s.exDate <= now && !s.appliedAt);
    const ratio = split ? new Decimal(split.toShares).dividedBy(split.fromShares) : null;
    const before = new Decimal(previous.price.toString());
    if (!looksLikeUnrecordedSplit(before, p.price, ratio)) return true;
    splitLike.push({
      quote: { source: p.sources.join(","), symbol: p.symbol, price: p.price, at: p.at },
      reason: `a ${p.price.dividedBy(before).toFixed(2)}× move looks like a split, but none is recorded: flagged for an operator`,
    });
    return false;
  });
  const day = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  await db.$transaction(async (tx) => {
    for (const price of known) {
      const assetId = idOf.get(price.symbol)!;
      const value = price.price.toFixed(6);
      await tx.assetPrice.upsert({
        where: { assetId },
        create: { assetId, price: value, asOf: price.at, source: price.sources.join(",") },
        update: { price: value, asOf: price.at, source: price.sources.join(",") },
      });
      await tx.priceTick.create({ data: { assetId, price: value, at: price.at, sources: price.sources } });
      const bar = await tx.priceBar.findUnique({ where: { assetId_date: { assetId, date: day } } });
      await tx.priceBar.upsert({
        where: { assetId_date: { assetId, date: day } },
        create: { assetId, date: day, open: value, high: value, low: value, close: value, source: "sync" },
        update: {
          high: Decimal.max(new Decimal(bar?.high.toString() ?? value), price.price).toFixed(6),
          low: Decimal.min(new Decimal(bar?.low.toString() ?? value), price.price).toFixed(6),
          close: value,
        },
      });
    }
  });
  if (known.length) markHistoryChanged();
  return {
    updated: known.length,
    rejected: [...rejected, ...unknown, ...splitLike].map((r) => ({ source: r.quote.source, symbol: r.quote.symbol, price: r.quote.price.toString(), reason: r.reason })),
  };
}

/** When the oldest latest price was taken, and whether it is stale (over 15 minutes old while the market is open). */
export async function pricesAsOf(now = new Date()): Promise<{ asOf: Date | null; stale: boolean }> {
  return priceFreshness((await db.assetPrice.aggregate({ _min: { asOf: true } }))._min.asOf ?? null, now);
}

