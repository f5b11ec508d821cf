/**
 * npm run bench:drift [-- --json]
 *
 * The daily drift sweep over 100,000 accounts on the balanced model, each holding its eight funds (a fifth
 * of them drifted well outside the 3% band), on a durable embedded PostgreSQL: prints the sweep's time and
 * accounts per second, and checks that it found exactly the drifted accounts.
 */
import { performance } from "node:perf_hooks";
import { benchDatabase, seedInvestors } from "./database";
import { round, wantsJson } from "./report";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const RUNS = 3;

async function main() {
  const log = wantsJson() ? () => {} : console.log;
  const cluster = await benchDatabase("bench-drift");
  try {
    const { db, disconnectDb } = await import("../../lib/db");
    const { accountsOutsideBand } = await import("../../lib/investing/drift-sweep");
    const seedStarted = performance.now();
    await seedInvestors(ACCOUNTS, (sql) => db.$executeRawUnsafe(sql));
    // Holdings worth about $10,000 at the model's weights; every fifth account has twice the VTI it should.
    await db.$executeRawUnsafe(`
      WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "InvestmentAccount")
      INSERT INTO "Holding" ("investmentAccountId", symbol, quantity, "costBasis")
      SELECT a.id, s.symbol,
             round((10000 * w.weight * CASE WHEN a.n % 5 = 0 AND s.symbol = 'VTI' THEN 2 ELSE 1 END / p.price)::numeric, 6),
             (1000000 * w.weight)::bigint
      FROM numbered a
      JOIN "InvestmentAccount" ia ON ia.id = a.id
      JOIN "ModelWeight" w ON w."versionId" = ia."modelVersionId"
      JOIN "Asset" s ON s.id = w."assetId"
      JOIN "AssetPrice" p ON p."assetId" = s.id`);
    await db.$executeRawUnsafe(`ANALYZE`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const expected = Math.floor(ACCOUNTS / 5);

    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      found = (await accountsOutsideBand()).length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(RUNS / 2)]!;
    const result = {
      benchmark: "drift",
      accounts: ACCOUNTS,
      holdings: ACCOUNTS * 8,
      outsideBand: found,
      expectedOutsideBand: expected,
      sweepMs: round(median),
      fastestMs: round(times[0]!),
      accountsPerSecond: Math.round(ACCOUNTS / (median / 1000)),
      seedSeconds: round(seedSeconds, 1),
    };
    log(`Drift sweep: ${ACCOUNTS} accounts, ${ACCOUNTS * 8} holdings (seeded in ${result.seedSeconds} s), durable PostgreSQL 18\n`);
    log(`sweep: ${result.sweepMs} ms (median of ${RUNS}; fastest ${result.fastestMs} ms) = ${result.accountsPerSecond} accounts/s`);
    log(`found ${found} accounts outside their band (expected ${expected})`);
    if (wantsJson()) console.log(JSON.stringify(result));
    await disconnectDb();
    if (found !== expected) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
