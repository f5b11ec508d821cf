/**
 * `npm run dev`: the whole product on one machine with no configuration. Starts (or reuses) the embedded
 * PostgreSQL under .data/ unless DATABASE_URL is set, applies migrations, seeds demo data and runs
 * `next dev`. Ctrl-C stops everything it started, PostgreSQL included.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { applyMigrations } from "./db/migrations";
import { openDatabase } from "./lib/database";
import { startLocalWorkflows } from "./workflows/start";
import { env, reloadEnv } from "../lib/env";
import { disconnectDb } from "../lib/db";
import { DEMO_LOGINS, seedDemoData } from "../prisma/seed";
import { loadDotEnv } from "./lib/dotenv";
import { startLocalOidcProvider, type LocalOidcProvider } from "./oidc/provider";

async function main() {
  loadDotEnv();
  const config = env();
  if (config.isProduction) throw new Error("npm run dev is for development; production runs `npm run build && npm start`.");

  await mkdir(".data", { recursive: true });
  const postgresLog = createWriteStream(".data/postgres.log", { flags: "a" });
  const database = await openDatabase((line) => postgresLog.write(`${line}\n`));
  if (database.cluster) {
    console.log(
      `PostgreSQL (embedded) ${database.cluster.owned ? "started" : "already running"} on port ${database.cluster.port}, data in .data/postgres`,
    );
  }

  let stopping = false;
  let stopWorkflows = async () => {};
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopWorkflows();
    await disconnectDb();
    await database.close();
    postgresLog.end();
    process.exit(code);
  };

  try {
    process.env.DATABASE_URL = database.url; // for the seed's database client
    reloadEnv();
    const applied = await applyMigrations(database.url);
    console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date.");
    const { created } = await seedDemoData();
    if (created.length) console.log(`Seeded demo accounts: ${created.join(", ")}`);
    await disconnectDb();
  } catch (error) {
    await stop(1);
    throw error;
  }

  const url = config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
  console.log(`\nDemo logins (development only):`);
  for (const login of DEMO_LOGINS) {
    console.log(`  ${login.role.padEnd(8)} ${login.email.padEnd(24)} ${login.password}`);
  }
  console.log(`\nAutovest: ${url}\n`);

  // Workflows: the local stand-in for Inngest, keeping its runs in the dev database, unless the developer
  // points the app at an Inngest server of their own (INNGEST_BASE_URL) or at Inngest Cloud (an event key).
  const inngestUrl = config.INNGEST_BASE_URL ?? `http://127.0.0.1:${config.INNGEST_DEV_PORT}`;
  let workflows: Awaited<ReturnType<typeof startLocalWorkflows>> | null = null;
  if (config.INNGEST_EVENT_KEY || config.INNGEST_BASE_URL) {
    console.log(`Workflows: ${config.INNGEST_BASE_URL ? `the Inngest server at ${config.INNGEST_BASE_URL}` : "Inngest Cloud"} (no local stand-in)`);
  } else {
    try {
      workflows = await startLocalWorkflows({
        appUrl: url,
        port: config.INNGEST_DEV_PORT,
        databaseUrl: database.url,
        crons: true,
        log: (line) => console.log(line),
      });
      console.log(`Workflows: local stand-in for Inngest on ${inngestUrl}, runs kept in the dev database`);
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      await stop(1);
    }
  }

  // Without a Google client, a local test OpenID provider stands in for Google, so provider sign-in can be tried.
  let oidc: LocalOidcProvider | null = null;
  if (!config.GOOGLE_CLIENT_ID) {
    try {
      oidc = await startLocalOidcProvider({ port: config.LOCAL_OIDC_PORT, appUrls: [url] });
      console.log(`Sign in with Google: a local test provider (not Google) at ${oidc.issuer}; set GOOGLE_CLIENT_ID for the real one`);
    } catch (error) {
      console.log(`Sign in with Google: off (the local test provider could not listen on ${config.LOCAL_OIDC_PORT}: ${error instanceof Error ? error.message : error})`);
    }
  }
  const oidcEnv = oidc ? { GOOGLE_CLIENT_ID: oidc.clientId, GOOGLE_CLIENT_SECRET: oidc.clientSecret, GOOGLE_ISSUER: oidc.issuer } : {};

  const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "--port", String(config.PORT)], {
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      NEXTAUTH_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      // Without an event key, events go to a local Inngest dev server (or our stand-in).
      INNGEST_DEV: process.env.INNGEST_DEV ?? (config.INNGEST_EVENT_KEY ? "0" : "1"),
      INNGEST_BASE_URL: inngestUrl,
      ...oidcEnv,
    },
  });
  stopWorkflows = async () => {
    await workflows?.stop();
    await oidc?.stop();
  };
  next.on("exit", (code) => void stop(code ?? 0));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      next.kill("SIGTERM");
      void stop(0);
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
