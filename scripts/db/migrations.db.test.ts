import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { applyMigrations, createMigration, loadMigrationsList, migrationStatus, PROJECT_PATHS } from "./migrations";

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

describe("creating a migration from schema.prisma", () => {
  it("writes the SQL for what changed, applies it, and then has nothing more to write", async () => {
    const project = await mkdtemp(path.join(tmpdir(), "autovest-migration-"));
    const paths = { schemaPath: path.join(project, "schema.prisma"), migrationsDir: path.join(project, "migrations") };
    await cp(PROJECT_PATHS.migrationsDir, paths.migrationsDir, { recursive: true });
    const schema = await readFile(PROJECT_PATHS.schemaPath, "utf8");
    await writeFile(paths.schemaPath, `${schema}\nmodel ScratchpadEntry {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n`);
    const url = await emptyDatabase();

    expect((await migrationStatus(url, paths)).schemaAhead).toBe(true);
    const created = await createMigration(url, "advisor_notes", {}, paths);
    expect(created?.directory).toMatch(/migrations\/\d{14}_advisor_notes$/);
    expect(created?.sql).toContain(`CREATE TABLE "ScratchpadEntry"`);
    expect(await readFile(path.join(created!.directory, "migration.sql"), "utf8")).toBe(created!.sql);

    expect(await migrationStatus(url, paths)).toMatchObject({ ok: true, schemaAhead: false, pending: [] });
    expect(await createMigration(url, "again", {}, paths)).toBeNull();
    await expect(createMigration(url, "bad name!", {}, paths)).rejects.toThrow(/may only hold letters, digits and _/);
  });
});
