/**
 * Corporate actions recorded by staff: splits and reverse splits of any ratio, cash dividends and symbol changes.
 * A split or symbol change is applied once, on its ex-date, to the holdings and tax lots it touches; a dividend is
 * paid on its pay date (dividends.ts). Recorded splits also adjust price history and explain split-like moves.
 */
import Decimal from "decimal.js";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { canRecordCorporateActions, isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db, type Tx } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { CorporateAction } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";
import { repairHistoryOf } from "../portfolio/snapshots";
import { markHistoryChanged } from "./history-version";

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "not a date");
const symbol = z.string().trim().toUpperCase().regex(/^[A-Z][A-Z0-9.]{0,9}$/, "a ticker symbol, e.g. VTI");
const shares = z.coerce.number({ error: "a whole number of shares" }).int("a whole number of shares").min(1, "at least 1").max(1000, "at most 1000");

export const corporateActionInput = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("SPLIT"), symbol, exDate: isoDate, toShares: shares, fromShares: shares, flagId: z.uuid().optional() })
    .refine((s) => s.fromShares !== s.toShares, { message: "a split changes the number of shares", path: ["toShares"] }),
  z
    .object({
      kind: z.literal("CASH_DIVIDEND"),
      symbol,
      exDate: isoDate,
      recordDate: isoDate,
      payDate: isoDate,
      // Dollars per share as the issuer announces them (e.g. 0.8123), never a float: kept as text to the Decimal.
      amountPerShare: z.string().trim().regex(/^\d{1,6}(\.\d{1,6})?$/, "dollars per share, e.g. 0.8123 (up to 6 decimals)").refine((a) => new Decimal(a).greaterThan(0), "more than zero"),
      qualified: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
    })
    .refine((d) => d.recordDate >= d.exDate, { message: "the record date is on or after the ex-date", path: ["recordDate"] })
    .refine((d) => d.payDate >= d.recordDate, { message: "the pay date is on or after the record date", path: ["payDate"] }),
  z
    .object({ kind: z.literal("SYMBOL_CHANGE"), symbol, exDate: isoDate, newSymbol: symbol })
    .refine((c) => c.newSymbol !== c.symbol, { message: "the new symbol differs from the old one", path: ["newSymbol"] }),
]);
export type CorporateActionInput = z.infer<typeof corporateActionInput>;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Records a corporate action (audited in the same transaction). A split resolves the open flags it explains (the
 * flagged symbol and day); a split or symbol change whose ex-date has come is applied at once.
 */
export async function recordCorporateAction(actor: CurrentUser, input: unknown, context: RequestContext): Promise<CorporateAction> {
  if (!canRecordCorporateActions(actor.role)) throw new Forbidden("Only admins record corporate actions.");
  const parsed = parseInput(corporateActionInput, input);
  if (!(await db.asset.findUnique({ where: { symbol: parsed.symbol } }))) throw new NotFound(`No asset ${parsed.symbol}.`);
  if (parsed.kind === "SYMBOL_CHANGE" && (await db.asset.findUnique({ where: { symbol: parsed.newSymbol } }))) {
    throw new Conflict(`${parsed.newSymbol} is already an asset.`);
  }
  const action = await db
    .$transaction(async (tx) => {
      const exists = await tx.corporateAction.findUnique({ where: { symbol_exDate_kind: { symbol: parsed.symbol, exDate: day(parsed.exDate), kind: parsed.kind } } });
      if (exists) throw new Conflict(`A ${kindName(parsed.kind)} of ${parsed.symbol} on ${parsed.exDate} is already recorded.`);
      const { flagId: _flagId, ...fields } = parsed.kind === "SPLIT" ? parsed : { ...parsed, flagId: undefined };
      const created = await tx.corporateAction.create({
        data: {
          ...fields,
          exDate: day(parsed.exDate),
          ...(parsed.kind === "CASH_DIVIDEND" ? { recordDate: day(parsed.recordDate), payDate: day(parsed.payDate) } : {}),
          recordedById: actor.id,
        },
      });
      if (parsed.kind === "SPLIT" && parsed.flagId) {
        const flag = await tx.priceFlag.findUnique({ where: { id: parsed.flagId } });
        if (flag?.symbol !== parsed.symbol || flag.date.getTime() !== created.exDate.getTime()) {
          throw new Conflict(`That flagged move is not ${parsed.symbol} on ${parsed.exDate}: record the split from its own row.`);
        }
        if (flag.status !== "OPEN") throw new Conflict("That flagged move was already decided.");
      }
      const resolved = parsed.kind === "SPLIT" ? await resolveFlags(tx, created, actor.id) : 0;
      await recordAudit(tx, {
        action: "CORPORATE_ACTION_RECORDED",
        actorId: actor.id,
        target: { type: "CorporateAction", id: created.id },
        context,
        details: { ...fields, flagsResolved: resolved },
      });
      return created;
    })
    .catch((error: unknown) => {
      // Two operators recording the same action at once: the unique key lets one in.
      if (typeof error === "object" && error !== null && "code" in error && error.code === "P2002") {
        throw new Conflict(`A ${kindName(parsed.kind)} of ${parsed.symbol} on ${parsed.exDate} is already recorded.`);
      }
      throw error;
    })
    .finally(markHistoryChanged);
  if (action.kind !== "CASH_DIVIDEND" && action.exDate <= new Date()) await applyCorporateAction(action.id);
  return action;
}

/** The flags a split explains: the same symbol, flagged on the split's ex-date. */
async function resolveFlags(tx: Tx, action: CorporateAction, actorId: string): Promise<number> {
  const { count } = await tx.priceFlag.updateMany({
    where: { symbol: action.symbol, date: action.exDate, status: "OPEN" },
    data: { status: "RESOLVED", corporateActionId: action.id, decidedAt: new Date(), decidedById: actorId },
  });
  return count;
}

export function kindName(kind: CorporateAction["kind"]): string {
  return { SPLIT: "split", CASH_DIVIDEND: "cash dividend", SYMBOL_CHANGE: "symbol change" }[kind];
}

/** Applies a split or a symbol change once; the lock on the action's row makes a concurrent second call wait and find it applied. */
export async function applyCorporateAction(actionId: string): Promise<{ holdings: number; lots: number }> {
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "CorporateAction" WHERE "id" = ${actionId}::uuid FOR UPDATE`;
    const action = await tx.corporateAction.findUnique({ where: { id: actionId } });
    if (!action) throw new NotFound("No such corporate action.");
    if (action.appliedAt || action.kind === "CASH_DIVIDEND") return { holdings: 0, lots: 0, symbol: null, exDate: action.exDate };
    const changed = action.kind === "SPLIT" ? await applySplit(tx, action) : await applySymbolChange(tx, action);
    await tx.corporateAction.update({ where: { id: actionId }, data: { appliedAt: new Date() } });
    await recordAudit(tx, {
      action: "CORPORATE_ACTION_APPLIED",
      actorId: null,
      target: { type: "CorporateAction", id: actionId },
      context: { ip: null, userAgent: null },
      details: { kind: action.kind, symbol: action.symbol, ratio: action.kind === "SPLIT" ? `${action.toShares}:${action.fromShares}` : null, newSymbol: action.newSymbol, ...changed },
    });
    return { ...changed, symbol: action.kind === "SYMBOL_CHANGE" ? action.newSymbol! : action.symbol, exDate: action.exDate };
  });
  markHistoryChanged();
  // Recorded after its ex-date: the holders' snapshots since then are rewritten in the new shares.
  if (result.symbol) await repairHistoryOf(result.symbol, result.exDate.toISOString().slice(0, 10));
  return { holdings: result.holdings, lots: result.lots };
}

/**
 * A split: lots acquired before the ex-date get to/from times the shares and from/to times the cost per share
 * (cost basis unchanged), their holdings are recounted from the lots, and only an account whose holding changed
 * gets an adjustment (its activity shows the split). Fractional shares stay at 6 decimals: each lot's shares are
 * rounded down there, so the books never hold a share the broker does not (a 1:10 reverse split of 2.573529
 * shares leaves 0.257352: the investor loses 0.0000009 of a share, under a cent; we hold fractions, so there is no
 * cash in lieu). The cost per share is rounded to 6 decimals; the holding's cost basis in cents is untouched.
 */
async function applySplit(tx: Tx, action: CorporateAction) {
  const lots = await tx.$executeRaw`
    UPDATE "TaxLot" SET "quantity" = trunc("quantity" * ${action.toShares}::numeric / ${action.fromShares}::numeric, 6),
      "remainingQuantity" = trunc("remainingQuantity" * ${action.toShares}::numeric / ${action.fromShares}::numeric, 6),
      "costPerShare" = round("costPerShare" * ${action.fromShares}::numeric / ${action.toShares}::numeric, 6)
    WHERE "symbol" = ${action.symbol} AND "acquiredAt" < ${action.exDate}`;
  const holdings = await tx.$executeRaw`
    WITH touched AS (
      SELECT DISTINCT "investmentAccountId" AS account FROM "TaxLot"
      WHERE "symbol" = ${action.symbol} AND "acquiredAt" < ${action.exDate}
    ), changed AS (
      UPDATE "Holding" h SET "quantity" = (
        SELECT sum(l."remainingQuantity") FROM "TaxLot" l WHERE l."investmentAccountId" = h."investmentAccountId" AND l."symbol" = h."symbol")
      FROM "Holding" before, touched
      WHERE h."symbol" = ${action.symbol} AND h."investmentAccountId" = touched.account
        AND before."investmentAccountId" = h."investmentAccountId" AND before."symbol" = h."symbol"
      RETURNING h."investmentAccountId", before."quantity" AS before, h."quantity" AS after
    )
    INSERT INTO "HoldingAdjustment" ("id", "investmentAccountId", "corporateActionId", "symbol", "quantityBefore", "quantityAfter")
    SELECT gen_random_uuid(), "investmentAccountId", ${action.id}::uuid, ${action.symbol}, before, after
    FROM changed WHERE before <> after`;
  // A latest price from before the ex-date is in old shares.
  await tx.$executeRaw`
    UPDATE "AssetPrice" p SET "price" = round(p."price" * ${action.fromShares}::numeric / ${action.toShares}::numeric, 6)
    FROM "Asset" a WHERE a."id" = p."assetId" AND a."symbol" = ${action.symbol} AND p."asOf" < ${action.exDate}`;
  return { holdings, lots };
}

/** A symbol change: the asset, holdings and lots take the new symbol; each holder's activity says so. */
async function applySymbolChange(tx: Tx, action: CorporateAction) {
  const to = action.newSymbol!;
  await tx.asset.update({ where: { symbol: action.symbol }, data: { symbol: to } });
  const lots = await tx.taxLot.updateMany({ where: { symbol: action.symbol }, data: { symbol: to } });
  const holdings = await tx.$executeRaw`
    WITH renamed AS (
      UPDATE "Holding" SET "symbol" = ${to} WHERE "symbol" = ${action.symbol}
      RETURNING "investmentAccountId", "quantity"
    )
    INSERT INTO "HoldingAdjustment" ("id", "investmentAccountId", "corporateActionId", "symbol", "quantityBefore", "quantityAfter", "memo")
    SELECT gen_random_uuid(), "investmentAccountId", ${action.id}::uuid, ${to}, "quantity", "quantity",
      ${`${action.symbol} is now traded as ${to}: your `}::text || trim_scale("quantity")::text || ' shares are unchanged'
    FROM renamed WHERE "quantity" <> 0`;
  await tx.corporateAction.updateMany({ where: { symbol: action.symbol, kind: { not: "SYMBOL_CHANGE" } }, data: { symbol: to } });
  await tx.priceFlag.updateMany({ where: { symbol: action.symbol }, data: { symbol: to } });
  return { holdings, lots: lots.count };
}

/** Applies every recorded split and symbol change whose ex-date has come (the price sync runs this before storing prices). */
export async function applyDueCorporateActions(today = new Date()): Promise<number> {
  const due = await db.corporateAction.findMany({
    where: { appliedAt: null, kind: { in: ["SPLIT", "SYMBOL_CHANGE"] }, exDate: { lte: today } },
    orderBy: { exDate: "asc" },
    select: { id: true },
  });
  for (const { id } of due) await applyCorporateAction(id);
  return due.length;
}

export interface RecordedSplit {
  exDate: string;
  /** New shares per old share: prices before the ex-date are divided by it. */
  ratio: Decimal;
}

/** Splits of `symbol`, oldest first: to divide history before each ex-date by its ratio. */
export async function splitsOf(symbol: string): Promise<RecordedSplit[]> {
  const actions = await db.corporateAction.findMany({ where: { symbol, kind: "SPLIT" }, orderBy: { exDate: "asc" } });
  return actions.map((a) => ({ exDate: a.exDate.toISOString().slice(0, 10), ratio: new Decimal(a.toShares!).dividedBy(a.fromShares!) }));
}

/** A price on `date`, split-adjusted to today's shares. */
export function splitAdjusted(price: Decimal, date: string, splits: RecordedSplit[]): Decimal {
  return splits.filter((s) => date < s.exDate).reduce((p, s) => p.dividedBy(s.ratio), price);
}

export interface CorporateActionView {
  id: string;
  kind: CorporateAction["kind"];
  symbol: string;
  exDate: string;
  /** "Split 3:2", "Cash dividend $0.8123 a share (qualified), pays 2026-03-31", "Symbol change to VTIX". */
  description: string;
  /** pending (ex-date or pay date not come), applied (split, symbol change), paid (dividend), history (imported). */
  state: "pending" | "applied" | "paid" | "history";
  recordedAt: Date;
}

/** The recorded actions, newest ex-date first, with their state: for the corporate-actions page. */
export async function listCorporateActions(actor: CurrentUser, limit = 100): Promise<CorporateActionView[]> {
  if (!isStaff(actor.role)) throw new Forbidden();
  const actions = await db.corporateAction.findMany({ orderBy: [{ exDate: "desc" }, { symbol: "asc" }], take: limit });
  const date = (d: Date | null) => d?.toISOString().slice(0, 10) ?? "";
  return actions.map((a) => ({
    id: a.id,
    kind: a.kind,
    symbol: a.symbol,
    exDate: date(a.exDate),
    description:
      a.kind === "SPLIT"
        ? `${a.toShares! > a.fromShares! ? "Split" : "Reverse split"} ${a.toShares}:${a.fromShares}`
        : a.kind === "CASH_DIVIDEND"
          ? `Cash dividend $${new Decimal(a.amountPerShare!.toString()).toString()} a share${a.qualified === null ? "" : a.qualified ? " (qualified)" : " (not qualified)"}${a.payDate ? `, pays ${date(a.payDate)}` : ""}`
          : `Symbol change to ${a.newSymbol}`,
    state: a.source !== "admin" ? "history" : a.paidAt ? "paid" : a.appliedAt ? "applied" : "pending",
    recordedAt: a.recordedAt,
  }));
}
