/**
 * npm run bench:read [-- --json] [-- --build] [-- --instances N] [-- --only <part of an endpoint>]
 *
 * Reads as investors do, on the database `npm run seed:large` builds: the built app (`next start`, building
 * it first when there is no build, or with --build) serves the holdings, performance and transactions
 * endpoints of the JSON API (with personal API tokens) and the dashboard page (with a signed-in session) to
 * 16 concurrent clients, each request for a random one of 1,000 investors. Prints requests per second and
 * p50/p95/p99 latency per endpoint against the targets (API p95 < 50 ms, dashboard p95 < 200 ms).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { applyMigrations } from "../db/migrations";
import { loadDotEnv } from "../lib/dotenv";
import { freePort } from "../lib/free-port";
import { LARGE_DATABASE, openLargeDatabase } from "../seed/large-database";
import { percentile, round, wantsJson } from "./report";
import { nextStartArgs } from "../lib/next-start";

const CLIENTS = 16;
const SAMPLE = 1_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3_000); // per endpoint
const WARM_UP = 1_000; // about one read per sampled investor, so the figures are of a warm server and database
const RANGES = ["1M", "3M", "YTD", "1Y", "ALL"] as const;
const BENCH_TOKEN_NAME = "bench:read";
const INSTANCES = process.argv.includes("--instances") ? Number(process.argv[process.argv.indexOf("--instances") + 1]) : 1;

interface Investor {
  userId: string;
  accountId: string;
  token: string;
  cookie: string;
}

interface Scenario {
  name: string;
  targetP95Ms: number;
  path: (investor: Investor, random: number) => string;
  auth: (investor: Investor) => Record<string, string>;
}

const api = (investor: Investor) => ({ authorization: `Bearer ${investor.token}` });
const browser = (investor: Investor) => ({ cookie: investor.cookie, accept: "text/html" });

const SCENARIOS: Scenario[] = [
  { name: "GET /api/v1/accounts/{id}/holdings", targetP95Ms: 50, auth: api, path: (i) => `/api/v1/accounts/${i.accountId}/holdings` },
  {
    name: "GET /api/v1/accounts/{id}/performance",
    targetP95Ms: 50,
    auth: api,
    path: (i, r) => `/api/v1/accounts/${i.accountId}/performance?range=${RANGES[Math.floor(r * RANGES.length)]}`,
  },
  {
    name: "GET /api/v1/accounts/{id}/transactions",
    targetP95Ms: 50,
    auth: api,
    path: (i, r) => `/api/v1/accounts/${i.accountId}/transactions${r < 0.25 ? "?type=deposit" : ""}`,
  },
  { name: "GET /dashboard", targetP95Ms: 200, auth: browser, path: (i, r) => `/dashboard?range=${RANGES[Math.floor(r * RANGES.length)]}` },
];

async function main() {
  const log = wantsJson() ? () => {} : console.log;
  loadDotEnv();
  const database = await openLargeDatabase();
  const client = new pg.Client({ connectionString: database.largeUrl });
  client.on("error", () => {}); // the database stopping under it at the end is not news
  const apps: ReturnType<typeof spawn>[] = [];
  try {
    await client.connect().catch(() => {
      throw new Error(`No ${LARGE_DATABASE} database: run \`npm run seed:large\` first.`);
    });
    const { rows: counts } = await client.query<{ investors: number; postings: string; snapshots: string }>(`
      SELECT (SELECT count(*)::int FROM "User" WHERE email LIKE '%@large.autovest.dev') AS investors,
        (SELECT reltuples::bigint::text FROM pg_class WHERE relname = 'Posting') AS postings,
        (SELECT reltuples::bigint::text FROM pg_class WHERE relname = 'PortfolioSnapshot') AS snapshots`);
    const { investors: investorCount, postings, snapshots } = counts[0]!;
    if (investorCount < SAMPLE) throw new Error(`${LARGE_DATABASE} has ${investorCount} seeded investors; run \`npm run seed:large\` first.`);

    await applyMigrations(database.largeUrl); // the app being measured may be newer than the seed

    if (process.argv.includes("--build") || !existsSync(".next/BUILD_ID")) {
      log("Building the app (next build)…");
      const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: wantsJson() ? "ignore" : "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (build.status !== 0) throw new Error("next build failed");
    }

    // 1,000 investors chosen at random, each with an API token and a signed-in session.
    const secret = randomBytes(32).toString("base64url");
    await client.query(`DELETE FROM "ApiToken" WHERE name = $1`, [BENCH_TOKEN_NAME]);
    const { rows: chosen } = await client.query<{ userId: string; accountId: string; email: string; name: string }>(
      `SELECT u.id AS "userId", a.id AS "accountId", u.email, u.name FROM "User" u JOIN "InvestmentAccount" a ON a."userId" = u.id
       WHERE u.email LIKE '%@large.autovest.dev' ORDER BY random() LIMIT $1`,
      [SAMPLE],
    );
    const investors: Investor[] = [];
    for (const row of chosen) {
      const token = `av_${randomBytes(32).toString("base64url")}`;
      // Used a moment ago, as by a client that uses it steadily (the first use in a minute writes once).
      await client.query(`INSERT INTO "ApiToken" (id, "userId", name, prefix, "tokenHash", "lastUsedAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, now())`, [
        row.userId,
        BENCH_TOKEN_NAME,
        token.slice(0, 10),
        createHash("sha256").update(token).digest("hex"),
      ]);
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO "Session" (id, "userId", "expiresAt", "userAgent") VALUES (gen_random_uuid(), $1, now() + interval '2 hours', $2) RETURNING id`,
        [row.userId, BENCH_TOKEN_NAME],
      );
      const jwt = await encode({ secret, maxAge: 7_200, token: { sub: row.userId, sid: rows[0]!.id, role: "INVESTOR", name: row.name, email: row.email } });
      investors.push({ userId: row.userId, accountId: row.accountId, token, cookie: `next-auth.session-token=${jwt}` });
    }

    // `--instances N` runs N app processes (Node serves from one thread: one process per core is how it is
    // deployed), and the clients take turns among them, as a load balancer would.
    const baseUrls: string[] = [];
    // BENCH_APP_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", shows where the server's time goes.
    const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
    for (let i = 0; i < INSTANCES; i++) {
      const port = await freePort();
      const app = spawn(process.execPath, nextStartArgs(port, nodeArgs), {
        stdio: ["ignore", "ignore", "inherit"],
        env: {
          ...process.env,
          APP_ENV: "test",
          DATABASE_URL: database.largeUrl,
          NEXTAUTH_URL: `http://localhost:${port}`,
          AUTH_SECRET: secret,
          NEXT_TELEMETRY_DISABLED: "1",
          INNGEST_DEV: "1",
        },
      });
      apps.push(app);
      const exited = new Promise<never>((_, reject) => app.once("exit", (code) => reject(new Error(`the app exited (${code}) before it was ready`))));
      await Promise.race([waitUntilHealthy(`http://127.0.0.1:${port}`), exited]);
      baseUrls.push(`http://127.0.0.1:${port}`);
    }
    let turn = 0;
    let bytes = 0;

    const request = async (scenario: Scenario, investor: Investor) => {
      const started = performance.now();
      const response = await fetch(baseUrls[turn++ % baseUrls.length] + scenario.path(investor, Math.random()), { headers: scenario.auth(investor), redirect: "manual" });
      bytes += (await response.arrayBuffer()).byteLength;
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`${scenario.name}: HTTP ${response.status} for ${investor.accountId}`);
      return ms;
    };
    const drive = async (scenario: Scenario, total: number) => {
      let next = 0;
      const latencies: number[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < total) {
            next++;
            latencies.push(await request(scenario, investors[Math.floor(Math.random() * investors.length)]!));
          }
        }),
      );
      return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
    };

    log(
      `Reads on ${LARGE_DATABASE}: ${investorCount.toLocaleString("en-US")} investors, ~${Number(postings).toLocaleString("en-US")} postings, ~${Number(snapshots).toLocaleString("en-US")} snapshots`,
    );
    log(`${INSTANCES} app process${INSTANCES > 1 ? "es" : ""}, ${CLIENTS} concurrent clients, ${REQUESTS} requests per endpoint (after ${WARM_UP} to warm up), ${SAMPLE} random investors\n`);
    log(`${"endpoint".padEnd(42)} ${"req/s".padStart(7)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"KB".padStart(6)}  target p95`);
    const results = [];
    const only = process.argv.indexOf("--only") >= 0 ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
    for (const scenario of SCENARIOS.filter((s) => !only || s.name.includes(only))) {
      await drive(scenario, WARM_UP);
      bytes = 0;
      const { latencies, seconds } = await drive(scenario, REQUESTS);
      const result = {
        endpoint: scenario.name,
        requests: latencies.length,
        perSecond: round(latencies.length / seconds, 0),
        /** Average response body, as sent (compressed when the client accepts it). */
        averageKb: round(bytes / latencies.length / 1024, 1),
        p50Ms: round(percentile(latencies, 50)),
        p95Ms: round(percentile(latencies, 95)),
        p99Ms: round(percentile(latencies, 99)),
        targetP95Ms: scenario.targetP95Ms,
        met: percentile(latencies, 95) < scenario.targetP95Ms,
      };
      results.push(result);
      log(
        `${result.endpoint.padEnd(42)} ${String(result.perSecond).padStart(7)} ${result.p50Ms.toFixed(2).padStart(8)} ${result.p95Ms.toFixed(2).padStart(8)} ${result.p99Ms.toFixed(2).padStart(8)} ${result.averageKb.toFixed(1).padStart(6)}  < ${result.targetP95Ms} ${result.met ? "met" : "MISSED"}`,
      );
    }
    if (wantsJson()) console.log(JSON.stringify({ benchmark: "read", database: LARGE_DATABASE, investors: investorCount, instances: INSTANCES, clients: CLIENTS, results }));
    if (results.some((r) => !r.met)) process.exitCode = 1;

    await client.query(`DELETE FROM "ApiToken" WHERE name = $1`, [BENCH_TOKEN_NAME]);
    await client.query(`DELETE FROM "Session" WHERE "userAgent" = $1`, [BENCH_TOKEN_NAME]);
  } finally {
    for (const app of apps.filter((a) => a.exitCode === null)) {
      const exited = new Promise((resolve) => app.once("exit", resolve));
      app.kill("SIGTERM");
      await exited;
    }
    await client.end().catch(() => {});
    await database.close();
  }
}

async function waitUntilHealthy(baseUrl: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the app did not become healthy within 60 s");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
