import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../db/migrations";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { freePort } from "../lib/free-port";
import { TEMPLATE_DATABASE } from "./template";


declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** One throwaway cluster per test run; the migrated template is what each test file's database copies. */
export default async function setup(project: TestProject) {
  const cluster = await startEmbeddedPostgres({
    dataDir: path.join(await mkdtemp(path.join(tmpdir(), "autovest-test-")), "pg"),
    port: await freePort(),
    persistent: false,
    // Durability is irrelevant for a cluster deleted at the end of the run.
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "300" },
  });
  await cluster.admin((client) => client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`));
  await applyMigrations(cluster.url(TEMPLATE_DATABASE));
  project.provide("postgresUrl", cluster.url("postgres"));
  return async () => {
    await cluster.stop();
  };
}
