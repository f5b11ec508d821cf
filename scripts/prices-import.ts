/**
 * npm run prices:import -- <file.csv> [--symbol X]
 *
 * Imports daily price history. The symbol comes from --symbol, a symbol column, or the file name (VTI.csv).
 * Lines that are wrong are reported with their line number and skipped; every valid line is imported
 * (bars already stored are kept and counted as duplicates). A symbol outside the universe is added as reference
 * data. Split-like gaps are never accepted silently: each is flagged for /admin/corporate-actions and printed.
 * Exit status 1 if any line was refused.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadDotEnv } from "./lib/dotenv";
import { openDatabase } from "./lib/database";

async function main(): Promise<number> {
  loadDotEnv();
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { symbol: { type: "string" } } });
  const file = positionals[0];
  if (!file) {
    console.error("Usage: npm run prices:import -- <file.csv> [--symbol X]");
    return 2;
  }
  const { parsePriceCsv } = await import("../lib/market-data/csv");
  const parsed = parsePriceCsv(await readFile(file, "utf8"), { today: new Date().toISOString().slice(0, 10) });
  const symbol = (values.symbol ?? parsed.symbol ?? path.basename(file).replace(/\.[^.]+$/, "")).toUpperCase();
  for (const problem of parsed.problems) console.error(`${file}:${problem.line}: ${problem.message} (line skipped)`);
  if (parsed.bars.length === 0) {
    console.error("Nothing to import.");
    return 1;
  }

  const database = await openDatabase();
  process.env.DATABASE_URL = database.url;
  const { reloadEnv } = await import("../lib/env");
  reloadEnv();
  const { importPriceHistory } = await import("../lib/market-data/import");
  const { formatRatio } = await import("../lib/market-data/split-detection");
  const { disconnectDb } = await import("../lib/db");
  try {
    const result = await importPriceHistory(symbol, parsed.bars, `import:${path.basename(file)}`);
    if (result.addedAsReference) console.log(`${symbol} is not in the asset universe: added as reference data (not tradable, never in a model).`);
    console.log(
      `${symbol}: imported ${result.inserted} daily bars (${parsed.bars[0]!.date} to ${parsed.bars.at(-1)!.date}); ` +
        `${result.duplicates} already stored; ${parsed.problems.length} lines refused; ${result.dividends} dividends recorded.`,
    );
    for (const gap of result.flagged) {
      console.log(
        `${symbol} ${gap.date}: opened at ${gap.open} after a ${gap.previousClose} close (${gap.previousDate}), ` +
          `${gap.open.dividedBy(gap.previousClose).toFixed(4)}×, like a ${formatRatio(gap.ratio)} split: flagged for review at /admin/corporate-actions`,
      );
    }
    return parsed.problems.length ? 1 : 0;
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
