import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { recordCorporateAction, splitAdjusted, splitsOf } from "./corporate-actions";
import { parsePriceCsv } from "./csv";
import { importPriceHistory } from "./import";
import { listPriceFlags } from "./price-flags";
import { formatRatio } from "./split-detection";

/** Fifteen unadjusted ETF histories, 1999–2024 (84,030 daily bars), as `npm run prices:import` reads them. */
const DIRECTORY = "/work/shared/data/prices";

describe("importing the real price files", () => {
  it("flags exactly the seven real splits, and once they are recorded the history has no move beyond the real crash days", { timeout: 600_000 }, async () => {
    const files = readdirSync(DIRECTORY).filter((f) => f.endsWith(".csv")).sort();
    expect(files).toHaveLength(15);
    const started = performance.now();
    const flagged: string[] = [];
    for (const file of files) {
      const parsed = parsePriceCsv(readFileSync(path.join(DIRECTORY, file), "utf8"), { today: "2026-12-01" });
      expect(parsed.problems, file).toEqual([]);
      const result = await importPriceHistory(path.basename(file, ".csv"), parsed.bars, `import:${file}`);
      flagged.push(...result.flagged.map((g) => `${path.basename(file, ".csv")} ${g.date} ${formatRatio(g.ratio)}`));
    }
    console.log(`imported ${files.length} files in ${Math.round(performance.now() - started)} ms`);
    expect(flagged).toEqual([
      "EFA 2005-06-09 3:1",
      "IJH 2005-06-09 2:1",
      "IJH 2024-02-22 5:1",
      "IWM 2005-06-09 2:1",
      "QQQ 2000-03-20 2:1",
      "VTI 2008-06-18 2:1",
      "VWO 2008-06-18 2:1",
    ]);
    // Eleven of the fifteen are outside the universe: reference data, never tradable.
    expect(await db.asset.count({ where: { tradable: false } })).toBe(11);

    // The operator records each flag as the split it suggests, through the function the admin page calls.
    const admin = await createUser("ADMIN");
    const queue = await listPriceFlags(admin);
    for (const flag of queue.open) {
      await recordCorporateAction(admin, { kind: "SPLIT", symbol: flag.symbol, exDate: flag.date, ...flag.suggested, flagId: flag.id }, browser());
    }
    expect((await listPriceFlags(admin)).open).toEqual([]);
    expect(await db.priceFlag.count({ where: { status: "RESOLVED", corporateActionId: { not: null } } })).toBe(7);

    // Importing again flags nothing (the splits are recorded, and each day is flagged once anyway).
    const again = await importPriceHistory("VTI", parsePriceCsv(readFileSync(path.join(DIRECTORY, "VTI.csv"), "utf8"), { today: "2026-12-01" }).bars, "import:VTI.csv");
    expect([again.inserted, again.flagged]).toEqual([0, []]);

    // Every close-to-close move of the split-adjusted history, as charts and returns read it.
    let worstFall = { move: new Decimal(1), at: "" };
    let worstRise = { move: new Decimal(1), at: "" };
    for (const asset of await db.asset.findMany({ where: { symbol: { in: files.map((f) => path.basename(f, ".csv")) } } })) {
      const splits = await splitsOf(asset.symbol);
      const bars = await db.priceBar.findMany({ where: { assetId: asset.id }, orderBy: { date: "asc" }, select: { date: true, close: true } });
      let previous: Decimal | null = null;
      for (const bar of bars) {
        const date = bar.date.toISOString().slice(0, 10);
        const close = splitAdjusted(new Decimal(bar.close.toString()), date, splits);
        if (previous) {
          const move = close.dividedBy(previous);
          if (move.lessThan(worstFall.move)) worstFall = { move, at: `${asset.symbol} ${date}` };
          if (move.greaterThan(worstRise.move)) worstRise = { move, at: `${asset.symbol} ${date}` };
        }
        previous = close;
      }
    }
    // The oil crash of 9 March 2020 and the rebound of 13 October 2008: real moves, the largest in the files.
    expect([worstFall.at, worstFall.move.toFixed(4)]).toEqual(["XLE 2020-03-09", "0.7986"]);
    expect([worstRise.at, worstRise.move.toFixed(4)]).toEqual(["VWO 2008-10-13", "1.2028"]);
  });
});
