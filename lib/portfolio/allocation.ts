/**
 * The portfolio by asset class against the model's target: the dashboard's donut and its table. Weights are
 * fractions of what is invested (cash apart), the holdings table's weights summed per class; the target is the
 * model's weights summed per class. Decimals throughout: the table shows them as they are.
 */
import Decimal from "decimal.js";
import type { AssetClass } from "../generated/prisma/client";

export interface ClassAllocation {
  /** "OTHER" for a holding whose asset class is unknown. */
  assetClass: AssetClass | "OTHER";
  actual: Decimal;
  target: Decimal;
  /** actual − target. */
  difference: Decimal;
}

export function allocationByClass(
  holdings: { assetClass: AssetClass | null; value: bigint }[],
  target: { assetClass: AssetClass; weight: Decimal }[],
): ClassAllocation[] {
  const invested = holdings.reduce((sum, holding) => sum + holding.value, 0n);
  const byClass = new Map<AssetClass | "OTHER", { value: bigint; target: Decimal }>();
  const entry = (assetClass: AssetClass | "OTHER") => byClass.get(assetClass) ?? byClass.set(assetClass, { value: 0n, target: new Decimal(0) }).get(assetClass)!;
  for (const row of target) entry(row.assetClass).target = entry(row.assetClass).target.plus(row.weight);
  for (const holding of holdings) entry(holding.assetClass ?? "OTHER").value += holding.value;
  return [...byClass.entries()]
    .map(([assetClass, { value, target }]) => {
      const actual = invested > 0n ? new Decimal(value.toString()).dividedBy(invested.toString()) : new Decimal(0);
      return { assetClass, actual, target, difference: actual.minus(target) };
    })
    .sort((a, b) => b.target.comparedTo(a.target) || b.actual.comparedTo(a.actual));
}
