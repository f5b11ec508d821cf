/**
 * The review queue of split-like price moves: flagged by the CSV import (a daily bar's open gap) and by the sync
 * (a quote against the stored price, held back), one per symbol and day, so a re-import or the next sync flags
 * nothing twice. An operator records the split (corporate-actions.ts resolves the flag) or dismisses it as a real
 * market move, which accepts a held sync price.
 */
import Decimal from "decimal.js";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { canRecordCorporateActions, isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { PriceFlagStatus } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";
import { markHistoryChanged } from "./history-version";
import type { SplitLikeGap, SplitRatio } from "./split-detection";
import { storePrice } from "./store-price";
import { notifyLive } from "../live/notify";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Flags imported split-like gaps; returns the ones new to the queue (a gap already flagged, or decided, is left alone). */
export async function flagImportedGaps(symbol: string, gaps: SplitLikeGap[], source: string): Promise<SplitLikeGap[]> {
  if (gaps.length === 0) return [];
  const created = await db.priceFlag.createManyAndReturn({
    data: gaps.map((g) => ({
      symbol,
      date: day(g.date),
      previousDate: day(g.previousDate),
      previousClose: g.previousClose.toFixed(6),
      open: g.open.toFixed(6),
      close: g.close.toFixed(6),
      suggestedTo: g.ratio.toShares,
      suggestedFrom: g.ratio.fromShares,
      source,
    })),
    skipDuplicates: true,
    select: { date: true },
  });
  const createdDates = new Set(created.map((c) => c.date.toISOString().slice(0, 10)));
  return gaps.filter((g) => createdDates.has(g.date));
}

/** Holds a sync price that moved like a split: flags it (an open flag keeps the newest held price). */
export async function flagSyncedMove(move: { symbol: string; previous: { price: Decimal; asOf: Date }; price: Decimal; at: Date; ratio: SplitRatio; now: Date }): Promise<void> {
  const date = move.now.toISOString().slice(0, 10);
  await db.$executeRaw`
    INSERT INTO "PriceFlag" ("id", "symbol", "date", "previousDate", "previousClose", "close", "heldAt", "suggestedTo", "suggestedFrom", "source")
    VALUES (gen_random_uuid(), ${move.symbol}, ${date}::date, ${move.previous.asOf.toISOString().slice(0, 10)}::date, ${move.previous.price.toFixed(6)}::numeric,
      ${move.price.toFixed(6)}::numeric, ${move.at}, ${move.ratio.toShares}, ${move.ratio.fromShares}, 'sync')
    ON CONFLICT ("symbol", "date") DO UPDATE SET "close" = excluded."close", "heldAt" = excluded."heldAt"
    WHERE "PriceFlag"."status" = 'OPEN' AND "PriceFlag"."source" = 'sync'`;
}

export interface PriceFlagView {
  id: string;
  symbol: string;
  date: string;
  previousDate: string;
  previousClose: string;
  open: string | null;
  close: string;
  /** open (or the held price) over the previous close. */
  move: string;
  suggested: SplitRatio;
  source: string;
  status: PriceFlagStatus;
  decidedAt: Date | null;
}

/** The queue for staff: open flags oldest first, then the latest decided ones. */
export async function listPriceFlags(actor: CurrentUser): Promise<{ open: PriceFlagView[]; decided: PriceFlagView[] }> {
  if (!isStaff(actor.role)) throw new Forbidden();
  const [open, decided] = await Promise.all([
    db.priceFlag.findMany({ where: { status: "OPEN" }, orderBy: [{ date: "asc" }, { symbol: "asc" }], take: 200 }),
    db.priceFlag.findMany({ where: { status: { not: "OPEN" } }, orderBy: { decidedAt: "desc" }, take: 20 }),
  ]);
  const view = (f: (typeof open)[number]): PriceFlagView => ({
    id: f.id,
    symbol: f.symbol,
    date: f.date.toISOString().slice(0, 10),
    previousDate: f.previousDate.toISOString().slice(0, 10),
    previousClose: new Decimal(f.previousClose.toString()).toString(),
    open: f.open && new Decimal(f.open.toString()).toString(),
    close: new Decimal(f.close.toString()).toString(),
    move: new Decimal((f.open ?? f.close).toString()).dividedBy(f.previousClose.toString()).toFixed(4),
    suggested: { toShares: f.suggestedTo, fromShares: f.suggestedFrom },
    source: f.source,
    status: f.status,
    decidedAt: f.decidedAt,
  });
  return { open: open.map(view), decided: decided.map(view) };
}

/**
 * "A real market move": the flag is dismissed (audited) and a held sync price is accepted as the latest price, in
 * the same transaction, unless a newer price was stored meanwhile.
 */
export async function dismissPriceFlag(actor: CurrentUser, input: unknown, context: RequestContext): Promise<{ accepted: boolean }> {
  if (!canRecordCorporateActions(actor.role)) throw new Forbidden("Only admins decide flagged price moves.");
  const { flagId } = parseInput(z.object({ flagId: z.uuid("not a flag") }), input);
  const accepted = await db.$transaction(async (tx) => {
    const [flag] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "PriceFlag" WHERE "id" = ${flagId}::uuid FOR UPDATE`;
    if (!flag) throw new NotFound("No such flagged move.");
    const current = await tx.priceFlag.findUniqueOrThrow({ where: { id: flagId } });
    if (current.status !== "OPEN") throw new Conflict(`This move was already ${current.status === "RESOLVED" ? "recorded as a split" : "dismissed"}.`);
    await tx.priceFlag.update({ where: { id: flagId }, data: { status: "DISMISSED", decidedAt: new Date(), decidedById: actor.id } });
    let accepted = false;
    if (current.heldAt) {
      const asset = await tx.asset.findUnique({ where: { symbol: current.symbol }, include: { price: true } });
      if (asset && (!asset.price || asset.price.asOf < current.heldAt)) {
        await storePrice(tx, asset.id, new Decimal(current.close.toString()), current.heldAt, ["sync"], current.heldAt);
        await notifyLive(tx, { type: "prices", asOf: current.heldAt.toISOString() });
        accepted = true;
      }
    }
    await recordAudit(tx, {
      action: "PRICE_FLAG_DISMISSED",
      actorId: actor.id,
      target: { type: "PriceFlag", id: flagId },
      context,
      details: { symbol: current.symbol, date: current.date.toISOString().slice(0, 10), close: current.close.toString(), acceptedHeldPrice: accepted },
    });
    return accepted;
  });
  if (accepted) markHistoryChanged();
  return { accepted };
}
