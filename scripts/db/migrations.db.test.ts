import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { applyMigrations, loadMigrationsList, migrationStatus } from "./migrations";

async function emptyDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: inject("postgresUrl") });
  const name = `migrate_${randomBytes(4).toString("hex")}`;
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(inject("postgresUrl"));
  url.pathname = `/${name}`;
  return url.toString();
}

describe("the offline migration command", () => {
  it("applies every migration to an empty database once, then reports it up to date", async () => {
    const url = await emptyDatabase();
    const before = await migrationStatus(url);
    const all = (await loadMigrationsList()).migrationDirectories.map((directory) => directory.path);
    expect(before.ok).toBe(false);
    expect(before.pending).toEqual(all);

    expect(await applyMigrations(url)).toEqual(all);
    expect(await applyMigrations(url)).toEqual([]);
    const after = await migrationStatus(url);
    expect(after).toMatchObject({ ok: true, pending: [], schemaAhead: false, databaseDrift: null });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
    expect(rows[0].n).toBe(all.length);

    // A hand-made change to the database is reported as drift.
    await client.query(`ALTER TABLE "User" ADD COLUMN "nickname" TEXT`);
    await client.end();
    const drifted = await migrationStatus(url);
    expect(drifted.ok).toBe(false);
    expect(drifted.databaseDrift).toContain(`ADD COLUMN     "nickname" TEXT`);
  });
});
