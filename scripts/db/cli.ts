/**
 * npm run db:migrate                       apply pending migrations
 * npm run db:migration -- --name <name>    create a migration from schema.prisma changes (and apply it)
 *                      [--create-only]     write it without applying (to add hand-written SQL first)
 * npm run db:status                        pending, failed or edited migrations and drift; exit 1 if any
 *
 * Targets DATABASE_URL, or the embedded development database when it is not set.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../lib/database";
import { applyMigrations, createMigration, migrationStatus } from "./migrations";
import { loadDotEnv } from "../lib/dotenv";

async function main(): Promise<number> {
  loadDotEnv();
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: "string" }, "create-only": { type: "boolean" }, "allow-empty": { type: "boolean" } },
  });
  if (command === "migration" && !values.name) {
    console.error("Usage: npm run db:migration -- --name <name> [--create-only] [--allow-empty]");
    return 2;
  }
  if (command !== "migrate" && command !== "migration" && command !== "status") {
    console.error("Usage: db <migrate | migration --name <name> | status>");
    return 2;
  }

  const database = await openDatabase();
  try {
    switch (command) {
      case "migrate": {
        const applied = await applyMigrations(database.url);
        console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join("\n  ")}` : "No pending migrations.");
        return 0;
      }
      case "migration": {
        const created = await createMigration(database.url, values.name!, {
          createOnly: values["create-only"],
          allowEmpty: values["allow-empty"],
        });
        if (!created) {
          console.log("schema.prisma and the migrations already match: nothing to create (use --allow-empty for a blank one).");
          return 0;
        }
        console.log(`Created ${path.relative(process.cwd(), created.directory)}/migration.sql`);
        if (!values["create-only"]) console.log("and applied it.");
        return 0;
      }
      case "status": {
        const status = await migrationStatus(database.url);
        console.log(`${status.migrations} migration(s) in prisma/migrations.`);
        const report = (label: string, names: string[]) => names.length && console.log(`${label}:\n  ${names.join("\n  ")}`);
        report("Not yet applied", status.pending);
        report("Failed", status.failed);
        report("Edited after they were applied", status.edited);
        report("Applied to the database but missing from prisma/migrations", status.unknown);
        if (status.schemaAhead) console.log("schema.prisma has changes no migration holds: run npm run db:migration -- --name <name>.");
        if (status.databaseDrift) console.log(`The database has drifted from its migrations:\n${status.databaseDrift}`);
        console.log(status.ok ? "Database schema is up to date." : "Database schema is NOT up to date.");
        return status.ok ? 0 : 1;
      }
    }
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code), // the engine leaves timers behind
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
