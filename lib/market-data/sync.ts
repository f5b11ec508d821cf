import Decimal from "decimal.js";
import { db } from "../db";
import { aggregateQuotes, breakerAfter, breakerAllows, type Quote, type RejectedQuote } from "./aggregate";
import { markHistoryChanged } from "./history-version";
import type { PriceSource } from "./sources";
import { priceFreshness } from "./freshness";
import { flagSyncedMove } from "./price-flags";
import { formatRatio, splitSuspicion } from "./split-detection";
import { storePrice } from "./store-price";
import { notifyLive } from "../live/notify";

/** Asks one source for the active assets' prices, honouring and updating its circuit breaker. */
export async function fetchFromSource(source: PriceSource, now = new Date()): Promise<{ quotes: Quote[]; skipped: boolean }> {
  const state = await db.priceSourceState.upsert({ where: { source: source.name }, create: { source: source.name }, update: {} });
  if (!breakerAllows(state, now)) return { quotes: [], skipped: true };
  const symbols = (await db.asset.findMany({ where: { active: true, tradable: true }, select: { symbol: true } })).map((a) => a.symbol);
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
  const splits = await db.corporateAction.findMany({ where: { kind: "SPLIT", symbol: { in: prices.map((p) => p.symbol) } } });
  // A move that looks like a split (any small ratio, or beyond the wide band) is held and flagged for an
  // operator, unless a recorded split explains it.
  const splitLike: RejectedQuote[] = [];
  const known: typeof prices = [];
  for (const p of prices) {
    if (!idOf.has(p.symbol)) continue;
    const previous = stored.find((s) => s.asset.symbol === p.symbol);
    // A split already applied has adjusted the stored price itself; only one still pending explains a jump.
    const split = previous && splits.find((s) => s.symbol === p.symbol && s.exDate > previous.asOf && s.exDate <= now && !s.appliedAt);
    const before = previous && new Decimal(previous.price.toString());
    const ratio = before && splitSuspicion(before, p.price, split ? { toShares: split.toShares!, fromShares: split.fromShares! } : null);
    if (!previous || !before || !ratio) {
      known.push(p);
      continue;
    }
    await flagSyncedMove({ symbol: p.symbol, previous: { price: before, asOf: previous.asOf }, price: p.price, at: p.at, ratio, now });
    splitLike.push({
      quote: { source: p.sources.join(","), symbol: p.symbol, price: p.price, at: p.at },
      reason: `a ${p.price.dividedBy(before).toFixed(4)}× move looks like a ${formatRatio(ratio)} split, but none is recorded: held and flagged for an operator`,
    });
  }
  await db.$transaction(async (tx) => {
    for (const price of known) await storePrice(tx, idOf.get(price.symbol)!, price.price, price.at, price.sources, now);
    if (known.length) await notifyLive(tx, { type: "prices", asOf: now.toISOString() });
  });
  if (known.length) markHistoryChanged();
  return {
    updated: known.length,
    rejected: [...rejected, ...unknown, ...splitLike].map((r) => ({ source: r.quote.source, symbol: r.quote.symbol, price: r.quote.price.toString(), reason: r.reason })),
  };
}

/** When the oldest latest price was taken, and whether it is stale (over 15 minutes old while the market is open). */
export async function pricesAsOf(now = new Date()): Promise<{ asOf: Date | null; stale: boolean }> {
  return priceFreshness((await db.assetPrice.aggregate({ where: { asset: { active: true, tradable: true } }, _min: { asOf: true } }))._min.asOf ?? null, now);
}

