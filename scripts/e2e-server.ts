/**
 * The server the browser tests run against: the built app (`next start`) with APP_ENV=test, on a throwaway
 * embedded PostgreSQL with migrations and demo data. Playwright starts it and stops it with SIGTERM.
 */
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { applyMigrations } from "./db/migrations";
import { startThrowawayPostgres } from "./lib/embedded-postgres";
import { freePort } from "./lib/free-port";
import { startLocalWorkflows } from "./workflows/start";
import { disconnectDb } from "../lib/db";
import { reloadEnv } from "../lib/env";
import { parsePriceCsv } from "../lib/market-data/csv";
import { importPriceHistory } from "../lib/market-data/import";
import { seedDemoData } from "../prisma/seed";
import { nextStartArgs } from "./lib/next-start";
import { startLocalOidcProvider } from "./oidc/provider";

async function main() {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const cluster = await startThrowawayPostgres("e2e");
  await cluster.admin((client) => client.query("CREATE DATABASE autovest"));
  const databaseUrl = cluster.url("autovest");

  Object.assign(process.env, { APP_ENV: "test", DATABASE_URL: databaseUrl });
  reloadEnv();
  await applyMigrations(databaseUrl);
  await seedDemoData();
  await importFlaggedHistory();
  await disconnectDb();

  // Workflows run on the local stand-in for Inngest, its runs in the e2e database (no crons: tests start what
  // they need). Retries keep Inngest's backoff at a hundredth of its length (15 s → 150 ms), so a retried
  // step fits in a browser test's timeout.
  const workflowsPort = await freePort();
  const workflows = await startLocalWorkflows({
    appUrl: `http://localhost:${port}`,
    port: workflowsPort,
    databaseUrl,
    crons: false,
    retryDelayScale: 0.01,
    log: () => {},
  });

  // A real OpenID provider standing in for Google (e2e/oidc.spec.ts signs up, links and signs in through it).
  const oidc = await startLocalOidcProvider({ port: await freePort(), appUrls: [`http://localhost:${port}`] });

  const app = spawn(process.execPath, nextStartArgs(port), {
    stdio: "inherit",
    env: {
      ...process.env,
      APP_ENV: "test",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: `http://localhost:${port}`,
      AUTH_SECRET: "e2e-test-secret-that-is-long-enough-0123456789",
      NEXT_TELEMETRY_DISABLED: "1",
      INNGEST_DEV: "1",
      // Every browser test signs up from this one address; the limit itself is tested on its own (lib/auth).
      SIGN_UP_FREE_ATTEMPTS_PER_IP: "100000",
      // A withdrawal's sales "settle" 5 seconds after they fill rather than T+1, so a browser test sees the payout.
      WITHDRAWAL_SETTLEMENT_SECONDS: "5",
      // A recurring deposit's day lasts a second, so a browser test sees weekly periods run (e2e/recurring-deposits.spec.ts).
      RECURRING_DEPOSIT_DAY_SECONDS: "1",
      INNGEST_BASE_URL: `http://127.0.0.1:${workflowsPort}`,
      GOOGLE_CLIENT_ID: oidc.clientId,
      GOOGLE_CLIENT_SECRET: oidc.clientSecret,
      GOOGLE_ISSUER: oidc.issuer,
    },
  });
  const exited = new Promise<void>((resolve) => app.once("exit", () => resolve()));
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    app.kill("SIGTERM");
    // The app finishes its in-flight work (after() callbacks) before its database goes away.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await workflows.stop();
    await oidc.stop();
    await cluster.stop();
    process.exit(code);
  };
  app.on("exit", (code) => void stop(code ?? 1));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
}

/**
 * Real daily bars around two real splits (EFA 3:1 in 2005, IJH 5:1 in 2024; reference symbols nobody holds), imported
 * as `prices:import` does: each leaves a flagged move in the queue for e2e/corporate-actions.spec.ts.
 */
async function importFlaggedHistory() {
  const directory = path.join(import.meta.dirname, "..", "e2e", "data");
  for (const file of await readdir(directory)) {
    const { bars } = parsePriceCsv(await readFile(path.join(directory, file), "utf8"), { today: new Date().toISOString().slice(0, 10) });
    await importPriceHistory(path.basename(file, ".csv"), bars, `import:${file}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
