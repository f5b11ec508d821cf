import path from "node:path";
import { env } from "../../lib/env";
import { startEmbeddedPostgres, type EmbeddedCluster } from "./embedded-postgres";

export const DEV_DATA_DIR = path.resolve(".data/postgres");
export const DEV_DATABASE = "autovest";

export interface OpenDatabase {
  url: string;
  /** The embedded cluster, when DATABASE_URL is not set. */
  cluster: EmbeddedCluster | null;
  /** Stops the embedded cluster if this process started it. */
  close(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded development cluster under .data/ (started or reused). */
export async function openDatabase(log?: (line: string) => void): Promise<OpenDatabase> {
  const config = env();
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, cluster: null, close: async () => {} };
  if (config.isProduction) throw new Error("DATABASE_URL is required in production; the embedded PostgreSQL is for development.");

  const cluster = await startEmbeddedPostgres({
    dataDir: DEV_DATA_DIR,
    port: config.EMBEDDED_POSTGRES_PORT,
    persistent: true,
    log,
  });
  await cluster.admin(async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DEV_DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DEV_DATABASE)}`);
  });
  return { url: cluster.url(DEV_DATABASE), cluster, close: () => (cluster.owned ? cluster.stop() : Promise.resolve()) };
}
