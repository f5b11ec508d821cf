/**
 * Reads what a statement shows from the books: journal entries, settled orders, lot disposals, holdings, prices.
 *
 * Days are the books' days, as the portfolio snapshots count them: a statement for November covers entries booked
 * from 1 Nov 00:00 UTC to 1 Dec 00:00 UTC, so its flows are exactly the ones between the two snapshots it opens
 * and closes with (a deposit at 9 p.m. in New York on 30 Nov is December's, as it is in the daily values).
 *
 * Opening and closing values are the account's snapshot values at the ends of the period, computed as
 * backfillSnapshots (lib/portfolio/snapshots.ts) computes a day's snapshot: each holding's quantity at the end of
 * the day (today's less the fills settled and the corporate actions effective after it) at its latest close on or
 * before the day (the latest price when it has no close yet), rounded down to the cent, plus the cash balances then
 * (less the postings after it). A month-to-date statement closes with the account's value now (account-value.ts).
 * So the holdings a statement lists add up, with its cash, to its closing value.
 */
import Decimal from "decimal.js";
import { db } from "../db";
import { holdingValue, CASH_KINDS } from "../portfolio/account-value";
import type { BookedEntry, Disposal, HoldingAtEnd, StatementBooks, Trade } from "./statement";

const DAY_MS = 86_400_000;

/** The instant a books' day (YYYY-MM-DD) starts: 00:00 UTC. */
export const startOfDay = (day: string) => new Date(`${day}T00:00:00.000Z`);
const dayAfter = (day: string) => new Date(startOfDay(day).getTime() + DAY_MS);
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

async function cashLedgerIds(investmentAccountId: string): Promise<bigint[]> {
  const rows = await db.ledgerAccount.findMany({ where: { investmentAccountId, kind: { in: [...CASH_KINDS] } }, select: { id: true } });
  return rows.map((row) => row.id);
}

/** Cash (available, held, owed) at `at`: today's balances less every posting booked at or after it. */
async function cashAt(ledgerIds: bigint[], at: Date): Promise<bigint> {
  if (ledgerIds.length === 0) return 0n;
  const [row] = await db.$queryRaw<{ cash: bigint }[]>`
    SELECT (
      (SELECT coalesce(sum("balance"), 0) FROM "LedgerAccount" WHERE "id" = ANY(${ledgerIds}::bigint[]))
      - (SELECT coalesce(sum(po."amount"), 0) FROM "Posting" po JOIN "JournalEntry" je ON je."id" = po."entryId"
         WHERE po."ledgerAccountId" = ANY(${ledgerIds}::bigint[]) AND je."createdAt" >= ${at})
    )::bigint AS cash`;
  return row?.cash ?? 0n;
}

/**
 * Holdings at the end of `day` (YYYY-MM-DD), valued at each asset's latest close on or before it, or at its latest
 * price (`latestPrices`, and always for a month-to-date statement). Shares held nowhere are left out.
 */
async function holdingsAtEndOf(investmentAccountId: string, day: string, latestPrices: boolean): Promise<HoldingAtEnd[]> {
  const end = dayAfter(day);
  const rows = await db.$queryRaw<{ symbol: string; name: string | null; quantity: string; close: string | null; latest: string | null }[]>`
    WITH changes AS (
      SELECT "symbol", CASE "side" WHEN 'BUY' THEN "filledQuantity" ELSE -"filledQuantity" END AS delta
      FROM "Order" WHERE "investmentAccountId" = ${investmentAccountId}::uuid AND "settledAt" >= ${end} AND "filledQuantity" IS NOT NULL
      UNION ALL
      SELECT ha."symbol", ha."quantityAfter" - ha."quantityBefore"
      FROM "HoldingAdjustment" ha JOIN "CorporateAction" ca ON ca."id" = ha."corporateActionId"
      WHERE ha."investmentAccountId" = ${investmentAccountId}::uuid AND ca."exDate" > ${day}::date
    ), held AS (
      SELECT h."symbol", h."quantity" - coalesce((SELECT sum(c.delta) FROM changes c WHERE c."symbol" = h."symbol"), 0) AS quantity
      FROM "Holding" h WHERE h."investmentAccountId" = ${investmentAccountId}::uuid
    )
    SELECT held."symbol", s."name", trim_scale(held.quantity)::text AS quantity,
      (SELECT b."close"::text FROM "PriceBar" b WHERE b."assetId" = s."id" AND b."date" <= ${day}::date ORDER BY b."date" DESC LIMIT 1) AS close,
      p."price"::text AS latest
    FROM held LEFT JOIN "Asset" s ON s."symbol" = held."symbol" LEFT JOIN "AssetPrice" p ON p."assetId" = s."id"
    WHERE held.quantity > 0
    ORDER BY held."symbol"`;
  return rows.map((row) => {
    const quoted = latestPrices ? (row.latest ?? row.close) : (row.close ?? row.latest);
    const price = quoted === null ? null : new Decimal(quoted).toString();
    return {
      symbol: row.symbol,
      name: row.name ?? row.symbol,
      quantity: row.quantity,
      price,
      value: price ? holdingValue(new Decimal(row.quantity), new Decimal(price)) : 0n,
    };
  });
}

const valueOf = (holdings: HoldingAtEnd[], cash: bigint) => holdings.reduce((sum, h) => sum + h.value, cash);

/**
 * The books of one account for a month's statement: `period` (first and last day); `monthToDate` when the month is
 * not over, the period then ending at `now`.
 */
export async function statementBooks(
  investmentAccountId: string,
  period: { start: string; end: string },
  options: { monthToDate: boolean; now: Date },
): Promise<StatementBooks> {
  const account = await db.investmentAccount.findUniqueOrThrow({
    where: { id: investmentAccountId },
    select: { id: true, type: true, currency: true, user: { select: { name: true } } },
  });
  const from = startOfDay(period.start);
  const to = options.monthToDate ? options.now : dayAfter(period.end);
  const end = options.monthToDate && isoDay(options.now) < period.end ? isoDay(options.now) : period.end;
  const ledgerIds = await cashLedgerIds(investmentAccountId);
  const previousDay = isoDay(new Date(from.getTime() - DAY_MS));

  const [openingHoldings, openingCash, holdings, closingCash, entries, trades, disposals] = await Promise.all([
    holdingsAtEndOf(investmentAccountId, previousDay, false),
    cashAt(ledgerIds, from),
    holdingsAtEndOf(investmentAccountId, end, options.monthToDate),
    cashAt(ledgerIds, to),
    bookedEntries(ledgerIds, from, to),
    settledTrades(investmentAccountId, from, to),
    lotDisposals(investmentAccountId, from, to),
  ]);
  return {
    account: { id: account.id, type: account.type, currency: account.currency, holderName: account.user.name },
    period: { start: period.start, end },
    monthToDate: options.monthToDate,
    generatedAt: options.now,
    openingValue: valueOf(openingHoldings, openingCash),
    closingValue: valueOf(holdings, closingCash),
    closingCash,
    entries,
    trades,
    holdings,
    disposals,
  };
}

/** Each entry of [from, to) that moved money into or out of the account's cash accounts, with what it moved. */
async function bookedEntries(ledgerIds: bigint[], from: Date, to: Date): Promise<BookedEntry[]> {
  if (ledgerIds.length === 0) return [];
  return db.$queryRaw<BookedEntry[]>`
    SELECT je."kind"::text AS kind, je."createdAt" AS at, je."memo" AS memo, sum(po."amount")::bigint AS amount
    FROM "Posting" po JOIN "JournalEntry" je ON je."id" = po."entryId"
    WHERE po."ledgerAccountId" = ANY(${ledgerIds}::bigint[]) AND je."createdAt" >= ${from} AND je."createdAt" < ${to}
    GROUP BY je."id"
    HAVING sum(po."amount") <> 0
    ORDER BY je."createdAt", je."id"`;
}

/** Orders whose fills were posted in [from, to), in order. */
export async function settledTrades(investmentAccountId: string, from: Date, to: Date): Promise<Trade[]> {
  const orders = await db.order.findMany({
    where: { investmentAccountId, settledAt: { gte: from, lt: to }, filledQuantity: { gt: 0 } },
    orderBy: [{ settledAt: "asc" }, { id: "asc" }],
    select: { settledAt: true, symbol: true, side: true, filledQuantity: true, filledPrice: true, filledNotional: true },
  });
  return orders.map((order) => ({
    at: order.settledAt!,
    symbol: order.symbol,
    side: order.side,
    quantity: new Decimal(order.filledQuantity!.toString()).toString(),
    price: new Decimal(order.filledPrice?.toString() ?? 0).toString(),
    amount: order.filledNotional ?? 0n,
  }));
}

async function lotDisposals(investmentAccountId: string, from: Date, to: Date): Promise<Disposal[]> {
  const rows = await db.lotDisposal.findMany({ where: { investmentAccountId, soldAt: { gte: from, lt: to } }, orderBy: [{ soldAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => ({
    soldAt: row.soldAt,
    symbol: row.symbol,
    quantity: new Decimal(row.quantity.toString()).toString(),
    proceeds: row.proceeds,
    basis: row.basis,
    gain: row.gain,
    term: row.term,
  }));
}
