import { expect, it } from "vitest";
import { db } from "../../db";
import { holdingsOf } from "../../investing/portfolio";
import { listTransactions } from "../../portfolio/transactions";
import { dailyHistoryOf } from "../queries";
import { splitCrossingAHolding } from "./split-crossing-a-holding";

/**
 * A 1:10 reverse split (one share for every ten) crossing a holding, on VTI's real prices of June 2008 restated
 * from the ex-date. By hand: 2.573529 shares at 136.00 become 0.2573529 → 0.257352 (rounded down: 0.0000009 of a
 * share, $0.0012, is lost; we keep fractions, so there is no cash in lieu) at 1,360.00, worth 0.257352 × 1360 =
 * 349.99872 → $349.99, as before; cost basis $350.00, cost per share 1,360.
 */
it("gives one share for ten, keeps value and cost basis, and tells only the holder", async () => {
  const { imported, holder, laterBuyer, record } = await splitCrossingAHolding(1, 10);
  // The open of 1,356.00 after a 136.00 close is 9.97×, 0.3% from 10.
  expect(imported.flagged.map((g) => [g.date, g.open.toString(), g.ratio])).toEqual([["2008-06-18", "1356", { toShares: 1, fromShares: 10 }]]);
  await record();
  const vti = async (accountId: string) => (await holdingsOf(accountId)).rows.find((r) => r.symbol === "VTI")!;
  const after = await vti(holder);
  expect([after.quantity.toString(), after.price.toString(), after.value, after.costBasis]).toEqual(["0.257352", "1360", 34_999n, 35_000n]);
  const lot = await db.taxLot.findFirstOrThrow({ where: { investmentAccountId: holder, symbol: "VTI" } });
  expect([lot.quantity.toString(), lot.costPerShare.toString()]).toEqual(["0.257352", "1360"]);
  expect((await vti(laterBuyer)).quantity.toString()).toBe("2.573529");
  expect((await listTransactions(laterBuyer, { type: "corporate_action" })).transactions).toEqual([]);
  expect((await listTransactions(holder, { type: "corporate_action" })).transactions.map((t) => t.description)).toEqual([
    "Reverse split of VTI: 2.573529 shares became 0.257352",
  ]);
  const history = await dailyHistoryOf("VTI", { start: "2008-06-16", end: "2008-06-20" });
  expect(history.bars.map((b) => b.close)).toEqual(["1369.800000", "1360.000000", "1350.000000", "1354.000000", "1332.000000"]);
});
