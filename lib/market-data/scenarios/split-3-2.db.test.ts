import { expect, it } from "vitest";
import { db } from "../../db";
import { holdingsOf } from "../../investing/portfolio";
import { listTransactions } from "../../portfolio/transactions";
import { dailyHistoryOf } from "../queries";
import { splitCrossingAHolding } from "./split-crossing-a-holding";

/**
 * A 3:2 split (three shares for every two) crossing a holding, on VTI's real prices of June 2008 restated for 3:2
 * from the ex-date (the 40% guard of old let a 3:2 fall through as a market move). By hand: 2.573529 shares at
 * 136.00 (cost $350.00) become 2.573529 × 3 / 2 = 3.8602935 → 3.860293 (rounded down: 0.0000005 of a share, worth
 * $0.00005, is lost) at 136 × 2 / 3 = 90.666667 a share, worth 3.860293 × 90.666667 = 349.9998999… → $349.99, as
 * before; the cost basis stays $350.00, the lot's cost per share becomes 90.666667.
 */
it("gives three shares for two, keeps value and cost basis, and tells only the holder", async () => {
  const { imported, holder, laterBuyer, record } = await splitCrossingAHolding(3, 2);
  // The open of 90.40 after a 136.00 close is 0.6647×, 0.3% from 2/3.
  expect(imported.flagged.map((g) => [g.date, g.open.toString(), g.ratio])).toEqual([["2008-06-18", "90.4", { toShares: 3, fromShares: 2 }]]);
  await record();
  const vti = async (accountId: string) => (await holdingsOf(accountId)).rows.find((r) => r.symbol === "VTI")!;
  const after = await vti(holder);
  expect([after.quantity.toString(), after.price.toString(), after.value, after.costBasis]).toEqual(["3.860293", "90.666667", 34_999n, 35_000n]);
  const lot = await db.taxLot.findFirstOrThrow({ where: { investmentAccountId: holder, symbol: "VTI" } });
  expect([lot.quantity.toString(), lot.costPerShare.toString()]).toEqual(["3.860293", "90.666667"]);
  expect((await vti(laterBuyer)).quantity.toString()).toBe("2.573529");
  expect((await listTransactions(laterBuyer, { type: "corporate_action" })).transactions).toEqual([]);
  expect((await listTransactions(holder, { type: "corporate_action" })).transactions.map((t) => t.description)).toEqual([
    "Split of VTI: 2.573529 shares became 3.860293",
  ]);
  // 136.98 / 1.5 = 91.32 and 136 / 1.5 = 90.666667, then the restated real closes (67.5 × 4/3 = 90).
  const history = await dailyHistoryOf("VTI", { start: "2008-06-16", end: "2008-06-20" });
  expect(history.bars.map((b) => b.close)).toEqual(["91.320000", "90.666667", "90.000000", "90.266667", "88.800000"]);
});
