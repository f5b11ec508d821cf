/**
 * npm run audit:seal                        seal what is waiting, then print the chain's latest seal as JSON
 * npm run audit:seal -- --verify <file>     verify the whole chain and that it still holds the seal in <file>
 *
 * For operators anchoring the audit chain outside the database (docs/audit.md), e.g. daily from cron:
 *   npm run --silent audit:seal > seal-$(date -u +%F).json && <copy it to write-once storage>
 * Exit status 1 when the chain is broken (or does not hold the seal), 2 on wrong usage.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { loadDotEnv } from "./lib/dotenv";
import { openDatabase } from "./lib/database";

async function main(): Promise<number> {
  loadDotEnv();
  const { values } = parseArgs({ options: { verify: { type: "string" } } });
  const database = await openDatabase();
  process.env.DATABASE_URL = database.url;
  (await import("../lib/env")).reloadEnv();
  const { latestSeal, sealPending, verifyChain } = await import("../lib/audit/chain");
  const { exportedSealJson, parseExportedSeal } = await import("../lib/audit/exported-seal");
  const { disconnectDb } = await import("../lib/db");
  try {
    if (values.verify) {
      const anchor = parseExportedSeal(await readFile(values.verify, "utf8"));
      const report = await verifyChain({ anchor });
      console.log(JSON.stringify(report, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2));
      return report.status === "intact" ? 0 : 1;
    }
    await sealPending();
    const seal = await latestSeal();
    if (!seal) {
      console.error("Nothing is sealed yet.");
      return 1;
    }
    process.stdout.write(exportedSealJson(seal));
    return 0;
  } finally {
    await disconnectDb();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
