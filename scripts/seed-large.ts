/**
 * npm run seed:large [-- --investors 100000 --years 5 --json]
 *
 * Builds (from scratch, replacing any earlier one) the database `autovest_large` beside the development
 * database: migrations, the demo logins, and the history described in scripts/seed/large.ts. `bench:read`
 * runs against it; `DATABASE_URL=<its url> npm run dev` shows it in the browser.
 */
import pg from "pg";
import { applyMigrations } from "./db/migrations";
import { loadDotEnv } from "./lib/dotenv";
import { LARGE_DATABASE, LARGE_SEED_PASSWORD, openLargeDatabase, withServer } from "./seed/large-database";
import { seedLarge } from "./seed/large";
import { wantsJson } from "./bench/report";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

async function main() {
  const investors = option("investors", 100_000);
  const years = option("years", 5);
  const log = wantsJson() ? () => {} : console.log;
  loadDotEnv();
  const { env, reloadEnv } = await import("../lib/env");
  if (env().isProduction) throw new Error("seed:large builds a benchmark database; it never runs in production.");

  const database = await openLargeDatabase();
  const started = performance.now();
  try {
    log(`Building ${LARGE_DATABASE}: ${investors.toLocaleString("en-US")} investors, ${years} years of history`);
    await withServer(database.serverUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(LARGE_DATABASE)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(LARGE_DATABASE)}`);
    });
    await applyMigrations(database.largeUrl);
    process.env.DATABASE_URL = database.largeUrl;
    reloadEnv();
    const { seedDemoData } = await import("../prisma/seed");
    const { hashPassword } = await import("../lib/auth/password");
    const { disconnectDb } = await import("../lib/db");
    // Its own years of prices; the demo history's would collide with them.
    await seedDemoData({ history: false });
    const passwordHash = await hashPassword(LARGE_SEED_PASSWORD);
    await disconnectDb();

    const client = new pg.Client({ connectionString: database.largeUrl });
    await client.connect();
    try {
      const result = await seedLarge(client, { investors, years, today: new Date(), passwordHash, log });
      const totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
      const n = (value: number) => value.toLocaleString("en-US");
      log(`\n${LARGE_DATABASE} ready in ${totalSeconds} s:`);
      log(`  ${n(result.investors)} investors, ${n(result.tradingDays)} trading days, ${n(result.priceBars)} daily bars`);
      log(`  ${n(result.deposits)} deposits, ${n(result.orders)} orders, ${n(result.journalEntries)} journal entries, ${n(result.postings)} postings`);
      log(`  ${n(result.snapshots)} daily portfolio snapshots`);
      log(`  Sign in as investor-000001@large.autovest.dev (to investor-${String(investors - 1).padStart(6, "0")}) with ${LARGE_SEED_PASSWORD}`);
      log(`  Browse it: DATABASE_URL=${database.largeUrl} npm run dev`);
      if (wantsJson()) console.log(JSON.stringify({ seed: "large", database: LARGE_DATABASE, ...result, totalSeconds }));
    } finally {
      await client.end();
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
