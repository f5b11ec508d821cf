import { cron } from "inngest";
import Decimal from "decimal.js";
import { priceSources } from "@/lib/market-data";
import { applyDueCorporateActions } from "@/lib/market-data/corporate-actions";
import type { Quote } from "@/lib/market-data/aggregate";
import { fetchFromSource, storeQuotes } from "@/lib/market-data/sync";
import { notifyLargeMoves } from "@/lib/notifications/large-moves";
import { revaluePortfolios } from "@/lib/portfolio/snapshots";
import { inngest, priceSyncRequested } from "../client";

/**
 * Every 10 minutes, and on request: each source is fetched in its own step (with its own retries and circuit
 * breaker, so one failing source does not hold up the others), then the quotes are checked against each
 * other and stored, and every portfolio is revalued (today's snapshot). Rejected quotes are logged for an
 * operator.
 */
export const priceSync = inngest.createFunction(
  { id: "price-sync", triggers: [cron("*/10 * * * *"), priceSyncRequested], concurrency: { limit: 1 }, retries: 2 },
  async ({ step, logger }) => {
    await step.run("apply splits and symbol changes that take effect", () => applyDueCorporateActions());
    const quotes: Quote[] = [];
    const failed: string[] = [];
    for (const source of priceSources()) {
      try {
        const fetched = await step.run(`fetch ${source.name}`, async () => {
          const result = await fetchFromSource(source);
          return { skipped: result.skipped, quotes: result.quotes.map((q) => ({ ...q, price: q.price.toString(), at: q.at.toISOString() })) };
        });
        if (fetched.skipped) failed.push(`${source.name} (circuit open)`);
        quotes.push(...fetched.quotes.map((q) => ({ ...q, price: new Decimal(q.price), at: new Date(q.at) })));
      } catch (error) {
        failed.push(source.name);
        logger.warn(`price source ${source.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const result = await step.run("check and store prices", () => storeQuotes(quotes));
    for (const rejected of result.rejected) {
      logger.warn(`rejected ${rejected.symbol} ${rejected.price} from ${rejected.source}: ${rejected.reason}`);
    }
    if (result.updated === 0) return { updated: 0, rejected: result.rejected.length, failedSources: failed, revalued: 0, largeMoves: 0 };
    const { revalued, day } = await step.run("revalue portfolios", async () => {
      const today = new Date();
      return { revalued: await revaluePortfolios(today), day: today.toISOString() };
    });
    const largeMoves = await step.run("tell investors of large moves", () => notifyLargeMoves(new Date(day)));
    return { updated: result.updated, rejected: result.rejected.length, failedSources: failed, revalued, largeMoves };
  },
);
