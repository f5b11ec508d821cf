/**
 * npm run bench:sync [-- --json]
 *
 * One price sync for 500 symbols (the simulated market), then the revaluation of 100,000 portfolios holding
 * eight funds each, on a durable embedded PostgreSQL: prints the time of each part and of the whole.
 */
import { performance } from "node:perf_hooks";
import { benchDatabase, seedInvestors } from "./database";
import { round, wantsJson } from "./report";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const SYMBOLS = 500;

async function main() {
  const log = wantsJson() ? () => {} : console.log;
  const cluster = await benchDatabase("bench-sync");
  try {
    const { db, disconnectDb } = await import("../../lib/db");
    const { SimulatedMarket } = await import("../../lib/market-data/sources");
    const { fetchFromSource, storeQuotes } = await import("../../lib/market-data/sync");
    const { revaluePortfolios } = await import("../../lib/portfolio/snapshots");
    const { notifyLargeMoves } = await import("../../lib/notifications/large-moves");

    const seeding = performance.now();
    await seedInvestors(ACCOUNTS, (sql) => db.$executeRawUnsafe(sql));
    // The nine model funds plus synthetic listings up to 500 symbols, each with a price.
    await db.$executeRawUnsafe(`
      INSERT INTO "Asset" (id, symbol, name, "assetClass")
      SELECT gen_random_uuid(), 'SYN' || lpad(i::text, 3, '0'), 'Synthetic fund ' || i, 'US_STOCKS'
      FROM generate_series(1, ${SYMBOLS - 9}) i`);
    await db.$executeRawUnsafe(`
      INSERT INTO "AssetPrice" ("assetId", price, "asOf", source)
      SELECT id, 50 + (abs(hashtext(symbol)) % 200), now(), 'bench' FROM "Asset" ON CONFLICT ("assetId") DO NOTHING`);
    await db.$executeRawUnsafe(`
      INSERT INTO "Holding" ("investmentAccountId", symbol, quantity, "costBasis")
      SELECT ia.id, s.symbol, round((10000 * w.weight / p.price)::numeric, 6), (1000000 * w.weight)::bigint
      FROM "InvestmentAccount" ia
      JOIN "ModelWeight" w ON w."versionId" = ia."modelVersionId"
      JOIN "Asset" s ON s.id = w."assetId" JOIN "AssetPrice" p ON p."assetId" = s.id`);
    await db.$executeRawUnsafe(`ANALYZE`);
    const seedSeconds = (performance.now() - seeding) / 1000;

    // Yesterday's valuation (not timed), so today's has a day before it, as it always does in production.
    await revaluePortfolios(new Date(Date.now() - 86_400_000));
    const market = new SimulatedMarket();
    const t0 = performance.now();
    const { quotes } = await fetchFromSource(market);
    const t1 = performance.now();
    const stored = await storeQuotes(quotes);
    const t2 = performance.now();
    const day = new Date();
    const revalued = await revaluePortfolios(day);
    const t3 = performance.now();
    // The workflow's next step, reported on its own: not part of the sync and revaluation the target is for.
    await notifyLargeMoves(day);
    const t4 = performance.now();

    const result = {
      benchmark: "sync",
      symbols: quotes.length,
      accounts: revalued,
      pricesUpdated: stored.updated,
      rejected: stored.rejected.length,
      fetchMs: round(t1 - t0),
      storeMs: round(t2 - t1),
      revalueMs: round(t3 - t2),
      totalMs: round(t3 - t0),
      largeMovesMs: round(t4 - t3),
      seedSeconds: round(seedSeconds, 1),
    };
    log(`Price sync: ${result.symbols} symbols, ${result.accounts} portfolios (seeded in ${result.seedSeconds} s), durable PostgreSQL 18\n`);
    log(`fetch ${result.fetchMs} ms + check and store ${result.storeMs} ms + revalue ${result.revalueMs} ms = ${result.totalMs} ms`);
    log(`then, as the next step, large-move notices ${result.largeMovesMs} ms`);
    log(`${result.pricesUpdated} prices updated, ${result.rejected} quotes rejected`);
    if (wantsJson()) console.log(JSON.stringify(result));
    await disconnectDb();
    if (result.pricesUpdated !== SYMBOLS) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
