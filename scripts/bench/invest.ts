/**
 * npm run bench:invest [-- --json]
 *
 * The time from a settled deposit to settled holdings: 200 deposits (8 at a time, each to its own investor)
 * through the real serve() handler driven by the local executor, the simulated broker without latency, the
 * market open, and a durable embedded PostgreSQL. Prints p50, p95 and the slowest run.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { LocalExecutor } from "../workflows/local-executor";
import { benchDatabase, seedInvestors } from "./database";
import { percentile, round, wantsJson } from "./report";

const DEPOSITS = 200;
const CONCURRENCY = 8;

async function main() {
  const log = wantsJson() ? () => {} : console.log;
  const cluster = await benchDatabase("bench-invest");
  const executor = new LocalExecutor({ databaseUrl: cluster.url("bench") });
  await executor.start();
  Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: executor.url });
  try {
    const { db, disconnectDb } = await import("../../lib/db");
    const { platformAccount } = await import("../../lib/ledger/accounts");
    const { postJournalEntries } = await import("../../lib/ledger/post");
    const { trialBalance } = await import("../../lib/ledger/trial-balance");
    const { serve } = await import("inngest/node");
    const { inngest } = await import("../../inngest/client");
    const { functions } = await import("../../inngest");

    await seedInvestors(DEPOSITS, (sql) => db.$executeRawUnsafe(sql));
    const cash = await db.ledgerAccount.findMany({ where: { kind: "INVESTOR_CASH" }, select: { id: true, investmentAccountId: true } });
    // Each deposit credited as the Stripe webhook would, $500 each.
    await postJournalEntries(
      db,
      await Promise.all(
        cash.map(async (row) => ({
          idempotencyKey: `deposit:${row.investmentAccountId}`,
          kind: "DEPOSIT" as const,
          postings: [
            { account: await platformAccount("STRIPE_CLEARING", row.investmentAccountId!), amount: -50_000n },
            { account: row.id, amount: 50_000n },
          ],
        })),
      ),
    );

    const app = createServer(serve({ client: inngest, functions }));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    await executor.sync(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`);

    const latencies: number[] = [];
    let failed = 0;
    const queue = cash.map((row) => row.investmentAccountId!);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let accountId = queue.shift(); accountId; accountId = queue.shift()) {
          const id = randomUUID();
          const t0 = performance.now();
          await inngest.send({ id, name: "deposit/settled", data: { depositId: id, investmentAccountId: accountId, amount: "50000", currency: "USD" } });
          const run = await executor.waitForRun("autovest-invest-account", (r) => r.event.id === id, 60_000);
          latencies.push(performance.now() - t0);
          if (run.status !== "completed") failed++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const holdings = await db.holding.count();
    const books = await trialBalance();
    const result = {
      benchmark: "invest",
      deposits: DEPOSITS,
      concurrency: CONCURRENCY,
      failed,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      maxMs: round(latencies.at(-1) ?? 0),
      depositsPerSecond: round(DEPOSITS / seconds, 1),
      holdings,
      balanced: books.balanced,
    };
    log(`Invest benchmark: ${DEPOSITS} deposits of $500, ${CONCURRENCY} at a time, simulated broker, market open, durable PostgreSQL 18\n`);
    log(`settled deposit → settled holdings: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, slowest ${result.maxMs} ms`);
    log(`${result.depositsPerSecond} deposits/s; ${failed} failed runs; ${holdings} holdings; books ${books.balanced ? "balance" : "DO NOT BALANCE"}`);
    if (wantsJson()) console.log(JSON.stringify(result));
    await new Promise<void>((resolve) => app.close(() => resolve()));
    await disconnectDb();
    if (failed > 0 || !books.balanced) process.exitCode = 1;
  } finally {
    await executor.stop();
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
