import { expect, it } from "vitest";
import { db } from "../../db";
import { holdingsOf } from "../../investing/portfolio";
import { listTransactions } from "../../portfolio/transactions";
import { applyDueCorporateActions } from "../corporate-actions";
import { dailyHistoryOf } from "../queries";
import { splitCrossingAHolding } from "./split-crossing-a-holding";

/**
 * VTI's real 2:1 split of 18 June 2008 crossing a holding. By hand: $350.00 of the $1,000 went to VTI at 136.00:
 * 350 / 136 = 2.5735294… → 2.573529 shares (rounded down), costing 2.573529 × 136 = 349.999944 → $350.00. After the
 * split: 2 × 2.573529 = 5.147058 shares at 136 / 2 = 68.00, worth 5.147058 × 68 = 349.999944 → $349.99, as before.
 */
it("doubles the holder's shares and halves the cost per share, leaves value and cost basis alone, and tells only the holder", async () => {
  const { imported, holder, laterBuyer, record } = await splitCrossingAHolding(2, 1);
  // The import flagged the open of 67.80 after a 136.00 close (0.4985×) as a 2:1 split and accepted nothing silently.
  expect(imported.flagged.map((g) => [g.date, g.ratio])).toEqual([["2008-06-18", { toShares: 2, fromShares: 1 }]]);
  const vti = async (accountId: string) => (await holdingsOf(accountId)).rows.find((r) => r.symbol === "VTI")!;
  const before = await vti(holder);
  expect([before.quantity.toString(), before.value, before.costBasis]).toEqual(["2.573529", 34_999n, 35_000n]);

  await record();
  expect(await applyDueCorporateActions()).toBe(0); // applied once, when recorded

  const after = await vti(holder);
  expect([after.quantity.toString(), after.price.toString(), after.value, after.costBasis]).toEqual(["5.147058", "68", 34_999n, 35_000n]);
  const lot = await db.taxLot.findFirstOrThrow({ where: { investmentAccountId: holder, symbol: "VTI" } });
  expect([lot.quantity.toString(), lot.remainingQuantity.toString(), lot.costPerShare.toString()]).toEqual(["5.147058", "5.147058", "68"]);
  // The investor who bought after the ex-date bought post-split shares: untouched, and told nothing.
  expect((await vti(laterBuyer)).quantity.toString()).toBe("2.573529");
  expect((await listTransactions(laterBuyer, { type: "corporate_action" })).transactions).toEqual([]);
  expect((await listTransactions(holder, { type: "corporate_action" })).transactions.map((t) => t.description)).toEqual([
    "Split of VTI: 2.573529 shares became 5.147058",
  ]);
  // The chart's history shows the market's moves, not the split: 136.98 and 136.00 become 68.49 and 68.00.
  const history = await dailyHistoryOf("VTI", { start: "2008-06-16", end: "2008-06-20" });
  expect(history.bars.map((b) => b.close)).toEqual(["68.490000", "68.000000", "67.500000", "67.700000", "66.600000"]);
});
