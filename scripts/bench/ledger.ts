/**
 * npm run bench:ledger [-- --json]
 *
 * Posts single transfers between random investor and clearing accounts through lib/ledger into an embedded
 * PostgreSQL (durable settings) with 1, 4, 16 and 32 concurrent clients, then in batches; prints entries per
 * second and p50/p95 latency for each, then checks the trial balance and every account's balance and version.
 */
import { performance } from "node:perf_hooks";
import { applyMigrations } from "../db/migrations";
import { startThrowawayPostgres } from "../lib/embedded-postgres";
import { percentile, round, wantsJson } from "./report";

const INVESTORS = 2_000;
const SINGLE_SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const BATCH_SIZE = 1_000;
const BATCHES = 20;

async function main() {
  const log = wantsJson() ? () => {} : console.log;
  const cluster = await startThrowawayPostgres("bench-ledger", { durable: true });
  try {
    await cluster.admin((client) => client.query("CREATE DATABASE bench"));
    Object.assign(process.env, { DATABASE_URL: cluster.url("bench"), DATABASE_POOL_SIZE: "40", APP_ENV: "test" });
    const { reloadEnv } = await import("../../lib/env");
    reloadEnv();
    await applyMigrations(cluster.url("bench"));
    const { db, disconnectDb } = await import("../../lib/db");
    const { platformAccount } = await import("../../lib/ledger/accounts");
    const { postJournalEntries, postJournalEntry } = await import("../../lib/ledger/post");
    const { InsufficientFunds } = await import("../../lib/ledger/errors");
    const { trialBalance } = await import("../../lib/ledger/trial-balance");

    // Investors with ledger accounts, each funded with $10,000 from Stripe clearing.
    await db.$executeRawUnsafe(`
      INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
      SELECT gen_random_uuid(), 'bench' || i || '@example.com', 'Bench ' || i, 'x', 'INVESTOR', now()
      FROM generate_series(1, ${INVESTORS}) i`);
    await db.$executeRawUnsafe(`
      INSERT INTO "InvestmentAccount" (id, "userId") SELECT gen_random_uuid(), id FROM "User"`);
    await db.$executeRawUnsafe(`
      INSERT INTO "LedgerAccount" (kind, "investmentAccountId", currency, "allowNegative")
      SELECT 'INVESTOR_CASH', id, 'USD', false FROM "InvestmentAccount"`);
    // Each investor's cash, with the clearing shards its postings use (as lib/ledger's callers do).
    const investors = await Promise.all(
      (await db.ledgerAccount.findMany({ where: { kind: "INVESTOR_CASH" }, select: { id: true, investmentAccountId: true } })).map(
        async (row) => ({
          cash: row.id,
          clearing: [
            await platformAccount("STRIPE_CLEARING", row.investmentAccountId!),
            await platformAccount("BROKER_CLEARING", row.investmentAccountId!),
          ],
        }),
      ),
    );
    for (let i = 0; i < investors.length; i += 1_000) {
      await postJournalEntries(
        db,
        investors.slice(i, i + 1_000).map(({ cash, clearing }) => ({
          idempotencyKey: `fund-${cash}`,
          kind: "DEPOSIT" as const,
          postings: [{ account: clearing[0]!, amount: -1_000_000n }, { account: cash, amount: 1_000_000n }],
        })),
      );
    }

    let sequence = 0;
    const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
    const transfer = () => {
      const { cash: investor, clearing } = pick(investors);
      const other = pick(clearing);
      const amount = BigInt(1 + Math.floor(Math.random() * 5_000));
      const [from, to] = Math.random() < 0.5 ? [investor, other] : [other, investor];
      return {
        idempotencyKey: `t-${process.pid}-${++sequence}`,
        kind: "TRANSFER" as const,
        postings: [{ account: from, amount: -amount }, { account: to, amount }],
      };
    };

    const results: Record<string, unknown>[] = [];
    log(`Ledger benchmark: ${INVESTORS} investors, Stripe and broker clearing (16 shards each), ${SINGLE_SECONDS}s per level, durable PostgreSQL 18\n`);
    log("mode     clients   entries   entries/s   p50 ms   p95 ms   refused");
    for (const clients of [1, 4, 16, 32]) {
      const latencies: number[] = [];
      let refused = 0;
      const deadline = performance.now() + SINGLE_SECONDS * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < deadline) {
            const t0 = performance.now();
            try {
              await postJournalEntry(db, transfer());
            } catch (error) {
              if (!(error instanceof InsufficientFunds)) throw error;
              refused++;
            }
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const row = {
        mode: "single",
        clients,
        entries: latencies.length,
        entriesPerSecond: Math.round(latencies.length / seconds),
        p50Ms: round(percentile(latencies, 50)),
        p95Ms: round(percentile(latencies, 95)),
        refused,
      };
      results.push(row);
      log(`single   ${String(clients).padStart(7)}   ${String(row.entries).padStart(7)}   ${String(row.entriesPerSecond).padStart(9)}   ${row.p50Ms.toFixed(2).padStart(6)}   ${row.p95Ms.toFixed(2).padStart(6)}   ${refused}`);
    }

    {
      const latencies: number[] = [];
      const started = performance.now();
      for (let b = 0; b < BATCHES; b++) {
        const batch = Array.from({ length: BATCH_SIZE }, transfer);
        const t0 = performance.now();
        await postJournalEntries(db, batch);
        latencies.push(performance.now() - t0);
      }
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const row = {
        mode: "batch",
        clients: 1,
        batchSize: BATCH_SIZE,
        entries: BATCH_SIZE * BATCHES,
        entriesPerSecond: Math.round((BATCH_SIZE * BATCHES) / seconds),
        p50Ms: round(percentile(latencies, 50)),
        p95Ms: round(percentile(latencies, 95)),
      };
      results.push(row);
      log(`batch    ${String(1).padStart(7)}   ${String(row.entries).padStart(7)}   ${String(row.entriesPerSecond).padStart(9)}   ${row.p50Ms.toFixed(2).padStart(6)}   ${row.p95Ms.toFixed(2).padStart(6)}   (per batch of ${BATCH_SIZE})`);
    }

    const books = await trialBalance();
    const negative = await db.ledgerAccount.count({ where: { allowNegative: false, balance: { lt: 0 } } });
    const postings = books.totals.reduce((sum, row) => sum + row.postings, 0n);
    log(
      `\nTrial balance over ${postings} postings: ${books.totals.map((row) => `${row.currency} ${row.total}`).join(", ")}; ` +
        `${books.discrepancies.length} accounts disagree with their postings; ${negative} negative investor balances. ` +
        (books.balanced && negative === 0 ? "Books balance." : "BOOKS DO NOT BALANCE."),
    );
    if (wantsJson()) {
      console.log(JSON.stringify({ benchmark: "ledger", results, trialBalance: { balanced: books.balanced && negative === 0, postings: Number(postings) } }));
    }
    await disconnectDb();
    if (!books.balanced || negative > 0) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
