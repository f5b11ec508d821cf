import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { disconnectDb } from "../../lib/db";
import { reloadEnv } from "../../lib/env";
import { TEMPLATE_DATABASE } from "./template";

// This test file's own database, copied from the migrated template: files never see each other's rows.
const adminUrl = new URL(inject("postgresUrl"));
const name = `test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
await admin.end();

const databaseUrl = new URL(adminUrl);
databaseUrl.pathname = `/${name}`;
process.env.DATABASE_URL = databaseUrl.toString();
process.env.APP_ENV = "test";
// Tests flood the pool on purpose (a hundred deliveries at once) on a machine that may be busy: waiting for a
// connection is not what they measure.
process.env.DATABASE_POOL_TIMEOUT_MS = "120000";
reloadEnv();

afterAll(async () => {
  await disconnectDb();
});
