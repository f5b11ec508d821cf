/**
 * Stock splits and reverse splits: recorded by staff, applied once to every holding and tax lot (more shares,
 * lower cost per share, the same value and cost basis), and used to show price history split-adjusted and to
 * tell a real split from a bad quote.
 */
import Decimal from "decimal.js";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";
import { markHistoryChanged } from "./history-version";

const splitInput = z.object({
  symbol: z.string().trim().toUpperCase().min(1),
  exDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD"),
  fromShares: z.coerce.number().int().min(1).max(1000),
  toShares: z.coerce.number().int().min(1).max(1000),
}).refine((s) => s.fromShares !== s.toShares, { message: "a split changes the number of shares", path: ["toShares"] });

export async function recordSplit(actor: CurrentUser, input: unknown, context: RequestContext) {
  if (!isStaff(actor.role)) throw new Forbidden("Only staff record corporate actions.");
  const split = parseInput(splitInput, input);
  if (!(await db.asset.findUnique({ where: { symbol: split.symbol } }))) throw new NotFound(`No asset ${split.symbol}.`);
  return db.$transaction(async (tx) => {
    const existing = await tx.corporateAction.findUnique({ where: { symbol_exDate: { symbol: split.symbol, exDate: new Date(split.exDate) } } });
    if (existing) throw new Conflict(`A corporate action for ${split.symbol} on ${split.exDate} is already recorded.`);
    const action = await tx.corporateAction.create({ data: { ...split, exDate: new Date(split.exDate) } });
    await recordAudit(tx, { action: "CORPORATE_ACTION_RECORDED", actorId: actor.id, target: { type: "CorporateAction", id: action.id }, context, details: split });
    return action;
  }).finally(markHistoryChanged);
}

/**
 * Applies a split once, in one transaction: holdings and lots get to/from times the shares and from/to times
 * the cost per share (cost basis unchanged); a latest price from before the ex-date is adjusted the same way.
 */
export async function applySplit(actionId: string): Promise<{ holdings: number; lots: number }> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "CorporateAction" WHERE "id" = ${actionId}::uuid FOR UPDATE`;
    const action = await tx.corporateAction.findUnique({ where: { id: actionId } });
    if (!action) throw new NotFound("No such corporate action.");
    if (action.appliedAt) return { holdings: 0, lots: 0 };
    const ratio = new Decimal(action.toShares).dividedBy(action.fromShares);
    const lots = await tx.$executeRaw`
      UPDATE "TaxLot" SET "quantity" = round("quantity" * ${ratio.toString()}::numeric, 6),
        "remainingQuantity" = round("remainingQuantity" * ${ratio.toString()}::numeric, 6),
        "costPerShare" = round("costPerShare" / ${ratio.toString()}::numeric, 6)
      WHERE "symbol" = ${action.symbol} AND "acquiredAt" < ${action.exDate}`;
    // A holding is the sum of its lots' remaining shares: recount it from them, and record for each account
    // what changed (its activity shows the split).
    const holdings = await tx.$executeRaw`
      WITH changed AS (
        UPDATE "Holding" h SET "quantity" = coalesce((
          SELECT sum(l."remainingQuantity") FROM "TaxLot" l
          WHERE l."investmentAccountId" = h."investmentAccountId" AND l."symbol" = h."symbol"), 0)
        FROM "Holding" before
        WHERE h."symbol" = ${action.symbol}
          AND before."investmentAccountId" = h."investmentAccountId" AND before."symbol" = h."symbol"
        RETURNING h."investmentAccountId", before."quantity" AS before, h."quantity" AS after
      )
      INSERT INTO "HoldingAdjustment" ("id", "investmentAccountId", "corporateActionId", "symbol", "quantityBefore", "quantityAfter")
      SELECT gen_random_uuid(), "investmentAccountId", ${action.id}::uuid, ${action.symbol}, before, after
      FROM changed WHERE before <> 0 OR after <> 0`;
    await tx.$executeRaw`
      UPDATE "AssetPrice" p SET "price" = round(p."price" / ${ratio.toString()}::numeric, 6)
      FROM "Asset" a WHERE a."id" = p."assetId" AND a."symbol" = ${action.symbol} AND p."asOf" < ${action.exDate}`;
    await tx.corporateAction.update({ where: { id: actionId }, data: { appliedAt: new Date() } });
    await recordAudit(tx, {
      action: "CORPORATE_ACTION_APPLIED",
      actorId: null,
      target: { type: "CorporateAction", id: actionId },
      context: { ip: null, userAgent: null },
      details: { symbol: action.symbol, ratio: `${action.fromShares}:${action.toShares}`, holdings, lots },
    });
    return { holdings, lots };
  });
}

/** Splits of `symbol`, oldest first: to divide history before each ex-date by its ratio. */
export async function splitsOf(symbol: string): Promise<{ exDate: string; ratio: Decimal }[]> {
  const actions = await db.corporateAction.findMany({ where: { symbol }, orderBy: { exDate: "asc" } });
  return actions.map((a) => ({ exDate: a.exDate.toISOString().slice(0, 10), ratio: new Decimal(a.toShares).dividedBy(a.fromShares) }));
}

/** A price on `date`, split-adjusted to today's shares. */
export function splitAdjusted(price: Decimal, date: string, splits: { exDate: string; ratio: Decimal }[]): Decimal {
  return splits.filter((s) => date < s.exDate).reduce((p, s) => p.dividedBy(s.ratio), price);
}

/**
 * A move from `previous` to `next` this large (over 40% either way) looks like a split: true unless a split
 * recorded between the two explains it (the adjusted move is then small).
 */
export function looksLikeUnrecordedSplit(previous: Decimal, next: Decimal, explainedBy: Decimal | null): boolean {
  const expected = explainedBy ? previous.dividedBy(explainedBy) : previous;
  const move = next.dividedBy(expected);
  return move.greaterThan(1.4) || move.lessThan(0.6);
}

/** Applies every recorded split whose ex-date has come (the price sync runs this before storing prices). */
export async function applyDueSplits(today = new Date()): Promise<number> {
  const due = await db.corporateAction.findMany({ where: { appliedAt: null, exDate: { lte: today } }, select: { id: true } });
  for (const { id } of due) await applySplit(id);
  return due.length;
}
