/**
 * Selling to raise cash, against the database: the preview a person sees before a withdrawal (or a fee the cash cannot
 * cover), and the run's sell orders. The plan itself is pure (raise-cash-plan.ts). The sales are then placed, followed
 * and settled with the trading steps every run uses (placeAndAwaitFills, settleSells), holding the account's run lock.
 */
import Decimal from "decimal.js";
import { db } from "../db";
import { investorBalances } from "../ledger/accounts";
import { modelVersion, targetsOf } from "./models";
import type { Target } from "./plan";
import { planCashRaise, type CashRaisePlan, type RaiseTarget } from "./raise-cash-plan";
import { positionsOf } from "./rebalance";

export type { CashRaisePlan, PlannedSale, RaiseTarget } from "./raise-cash-plan";
export { InsufficientToRaise } from "./raise-cash-plan";

async function targetsOfAccount(investmentAccountId: string): Promise<Target[]> {
  const account = await db.investmentAccount.findUniqueOrThrow({ where: { id: investmentAccountId }, select: { modelVersionId: true } });
  if (!account.modelVersionId) return [];
  const model = await modelVersion(account.modelVersionId);
  return model ? targetsOf(model) : [];
}

/**
 * What selling to reach `target` cents of available cash would sell, raise and realise, at the latest prices. `cash`
 * overrides the cash counted (default: the account's available cash), e.g. cash already held for this purpose.
 */
export async function previewCashRaise(investmentAccountId: string, target: RaiseTarget, options: { cash?: bigint; now?: Date } = {}): Promise<CashRaisePlan> {
  const [positions, targets, lots, cash] = await Promise.all([
    positionsOf(investmentAccountId),
    targetsOfAccount(investmentAccountId),
    db.taxLot.findMany({ where: { investmentAccountId, remainingQuantity: { gt: 0 } } }),
    options.cash ?? investorBalances(investmentAccountId).then((ledger) => ledger.INVESTOR_CASH),
  ]);
  return planCashRaise({
    target,
    cash,
    positions,
    targets,
    lots: lots.map((lot) => ({ ...lot, remainingQuantity: new Decimal(lot.remainingQuantity.toString()), costPerShare: new Decimal(lot.costPerShare.toString()) })),
    now: options.now ?? new Date(),
  });
}

/**
 * Records the run's sell orders once (a retried step finds them and plans nothing new); returns how many. Client order
 * ids are `<runId>:<symbol>:SELL`, so a run that needs a second round of sales uses a new run id for it.
 */
export async function recordCashRaiseOrders(investmentAccountId: string, runId: string, target: RaiseTarget, options: { cash?: bigint } = {}): Promise<number> {
  const existing = await db.order.count({ where: { runId, side: "SELL" } });
  if (existing) return existing;
  const plan = await previewCashRaise(investmentAccountId, target, options);
  await db.order.createMany({
    data: plan.sales.map((sale) => ({
      investmentAccountId,
      runId,
      clientOrderId: `${runId}:${sale.symbol}:SELL`,
      symbol: sale.symbol,
      side: "SELL" as const,
      quantity: sale.quantity.toFixed(6),
    })),
    skipDuplicates: true,
  });
  return plan.sales.length;
}
