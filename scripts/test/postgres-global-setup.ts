import type { TestProject } from "vitest/node";
import { applyMigrations } from "../db/migrations";
import { startThrowawayPostgres } from "../lib/embedded-postgres";
import { TEMPLATE_DATABASE } from "./template";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** One throwaway cluster per test run; the migrated template is what each test file's database copies. */
export default async function setup(project: TestProject) {
  const cluster = await startThrowawayPostgres("test");
  await cluster.admin((client) => client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`));
  await applyMigrations(cluster.url(TEMPLATE_DATABASE));
  project.provide("postgresUrl", cluster.url("postgres"));
  return async () => {
    await cluster.stop();
  };
}
