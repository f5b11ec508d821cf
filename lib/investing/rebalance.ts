/**
 * The rebalance run's sell side (its buys reuse the invest steps): plan sells from the account's drift,
 * place them, and settle each fill exactly once, consuming tax lots so as to realise the least gain.
 */
import Decimal from "decimal.js";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { NO_REQUEST_CONTEXT } from "../http/request-context";
import { investorBalances, investorLedger, platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { CannotInvest, fillMemo, settleEachFill } from "./invest";
import { modelVersion, targetsOf } from "./models";
import { driftCtes } from "./drift-sweep";
import type { Position } from "./plan";
import { planRebalance, selectLots } from "./rebalance-plan";

const CENTS = new Decimal(100);

/** The account's holdings at the latest prices (refuses an account holding something without a price). */
export async function positionsOf(investmentAccountId: string): Promise<Position[]> {
  const holdings = await db.holding.findMany({ where: { investmentAccountId, quantity: { gt: 0 } } });
  const assets = await db.asset.findMany({ where: { symbol: { in: holdings.map((h) => h.symbol) } }, include: { price: true } });
  return holdings.map((holding) => {
    const price = assets.find((a) => a.symbol === holding.symbol)?.price?.price;
    if (!price) throw new CannotInvest(`No price for ${holding.symbol}: the account cannot be rebalanced until there is one.`);
    return { symbol: holding.symbol, quantity: new Decimal(holding.quantity.toString()), price: new Decimal(price.toString()) };
  });
}

/**
 * The account's drift from its model now, whatever its status (driftCtes: sum of |weight − target| / 2, cash
 * counted at 0% target; zero for an empty account). Null without a model.
 */
export async function accountDrift(investmentAccountId: string): Promise<{ drift: Decimal; band: Decimal } | null> {
  const [row] = await db.$queryRaw<{ drift: string | null; band: string }[]>`
    WITH ${driftCtes(Prisma.sql`ia."id" = ${investmentAccountId}::uuid`)}
    SELECT d.drift::text AS drift, acct.band::text AS band FROM acct LEFT JOIN drift d ON d.id = acct.id`;
  return row ? { drift: new Decimal(row.drift ?? 0), band: new Decimal(row.band) } : null;
}

/** Records the run's sell orders (once). Returns how many; zero when nothing needs selling. */
export async function planSells(investmentAccountId: string, runId: string): Promise<number> {
  const existing = await db.order.count({ where: { runId, side: "SELL" } });
  if (existing) return existing;
  const account = await db.investmentAccount.findUniqueOrThrow({ where: { id: investmentAccountId } });
  if (account.status !== "ACTIVE" || !account.modelVersionId) return 0;
  const model = await modelVersion(account.modelVersionId);
  if (!model) return 0;
  const cash = (await investorBalances(investmentAccountId)).INVESTOR_CASH;
  const { sells } = planRebalance(cash, await positionsOf(investmentAccountId), targetsOf(model));
  await db.order.createMany({
    data: sells.map((sell) => ({
      investmentAccountId,
      runId,
      clientOrderId: `${runId}:${sell.symbol}:SELL`,
      symbol: sell.symbol,
      side: "SELL" as const,
      quantity: sell.quantity.toFixed(6),
    })),
    skipDuplicates: true,
  });
  return sells.length;
}

/**
 * Posts each final, unsettled sale that sold anything once (a canceled or expired one for the part that
 * sold): proceeds from broker clearing to the investor's cash, the holding reduced, tax lots consumed
 * (losses, then long-term, then short-term gains), the realised gain audited.
 */
export async function settleSells(investmentAccountId: string, runId: string): Promise<number> {
  const ledger = await investorLedger(db, investmentAccountId);
  const clearing = await platformAccount("BROKER_CLEARING", investmentAccountId);
  return settleEachFill(runId, "SELL", async (tx, order) => {
    const quantity = new Decimal(order.filledQuantity!.toString());
    const price = new Decimal(order.filledPrice!.toString());
    const lots = await tx.taxLot.findMany({ where: { investmentAccountId, symbol: order.symbol, remainingQuantity: { gt: 0 } } });
    const { picks, gain } = selectLots(
      lots.map((lot) => ({ ...lot, remainingQuantity: new Decimal(lot.remainingQuantity.toString()), costPerShare: new Decimal(lot.costPerShare.toString()) })),
      quantity,
      price,
      new Date(),
    );
    let costSold = new Decimal(0);
    for (const pick of picks) {
      const lot = lots.find((l) => l.id === pick.lotId)!;
      costSold = costSold.plus(pick.quantity.times(lot.costPerShare.toString()));
      await tx.taxLot.update({
        where: { id: lot.id },
        data: { remainingQuantity: new Decimal(lot.remainingQuantity.toString()).minus(pick.quantity).toFixed(6) },
      });
    }
    const holding = await tx.holding.findUniqueOrThrow({ where: { investmentAccountId_symbol: { investmentAccountId, symbol: order.symbol } } });
    const basisSold = BigInt(costSold.times(CENTS).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
    await tx.holding.update({
      where: { investmentAccountId_symbol: { investmentAccountId, symbol: order.symbol } },
      data: {
        quantity: new Decimal(holding.quantity.toString()).minus(quantity).toFixed(6),
        costBasis: holding.costBasis > basisSold ? holding.costBasis - basisSold : 0n,
      },
    });
    const proceeds = order.filledNotional!;
    await postJournalEntry(tx, {
      idempotencyKey: `order:${order.id}:fill`,
      kind: "TRADE",
      cause: { type: "Order", id: order.id },
      memo: fillMemo(order),
      postings: [
        { account: clearing, amount: -proceeds },
        { account: ledger.INVESTOR_CASH, amount: proceeds },
      ],
    });
    await recordAudit(tx, {
      action: "ORDER_FILLED",
      actorId: null,
      target: { type: "Order", id: order.id },
      context: NO_REQUEST_CONTEXT,
      details: {
        investmentAccountId,
        symbol: order.symbol,
        side: "SELL",
        status: order.status,
        quantity: quantity.toString(),
        ordered: order.quantity?.toString() ?? null,
        proceeds: proceeds.toString(),
        realisedGain: gain.toFixed(2),
        lots: picks.map((p) => ({ lotId: p.lotId, quantity: p.quantity.toString(), gain: p.gain.toFixed(2), term: p.term })),
      },
    });
  });
}
