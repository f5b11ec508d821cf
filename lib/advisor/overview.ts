/**
 * The advisor dashboard's overview: the book (assets under management, clients, money in and out, accounts
 * outside their drift band) for the clients in the actor's scope (an admin: everyone), and the platform's
 * health (workflow runs that failed or got stuck, stale prices), which every advisor should see.
 */
import { z } from "zod";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Forbidden } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { ACTIVE, driftCtes } from "../investing/drift-sweep";
import { accountValuesSql } from "../portfolio/account-value";
import { EXTERNAL_KINDS } from "../portfolio/snapshots";
import { runCounts } from "../operations/runs";
import { isStale } from "../market-data/freshness";


export interface Overview {
  /** Holdings at the latest prices plus cash, less what investors owe, in minor units (USD: the only currency accounts have today). */
  assetsUnderManagement: bigint;
  clients: number;
  /** Identity checks waiting for a decision. */
  pendingKyc: number;
  /** Money in minus money out (deposits less withdrawals, refunds, disputes), since midnight UTC and over 30 days. */
  netFlowsToday: bigint;
  netFlows30Days: bigint;
  outsideDriftBand: number;
  failedRuns24h: number;
  stuckRuns: number;
  /** Symbols whose latest price is over 15 minutes old while the market is open. */
  stalePrices: string[];
  pricesAsOf: Date | null;
}

const count = z.coerce.number().int();

export async function overviewFor(actor: CurrentUser, now = new Date()): Promise<Overview> {
  if (actor.role !== "ADVISOR" && actor.role !== "ADMIN") throw new Forbidden("Only advisors see the overview.");
  const advisorId = actor.role === "ADVISOR" ? actor.id : null;
  const scope = Prisma.sql`ia."userId" IN (SELECT u."id" FROM "User" u WHERE u."role" = 'INVESTOR' AND (${advisorId}::uuid IS NULL OR u."advisorId" = ${advisorId}::uuid))`;
  const midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
  const [book] = await db.$queryRaw<{ holdings: bigint; cash: bigint; clients: bigint; pending: bigint; today: bigint; month: bigint; drifted: bigint }[]>`
    WITH scoped AS (SELECT ia."id" FROM "InvestmentAccount" ia WHERE ${scope}),
    ${driftCtes(Prisma.sql`${ACTIVE} AND ia."id" IN (SELECT "id" FROM scoped)`)},
    valued AS (${Prisma.raw(accountValuesSql(`SELECT "id" FROM scoped`))}),
    flows AS (
      SELECT je."createdAt" AS at, p."amount"
      FROM "JournalEntry" je
      JOIN "Posting" p ON p."entryId" = je."id"
      JOIN "LedgerAccount" la ON la."id" = p."ledgerAccountId"
      WHERE je."createdAt" >= ${monthAgo} AND je."kind"::text = ANY (${[...EXTERNAL_KINDS]}::text[])
        AND la."investmentAccountId" IN (SELECT "id" FROM scoped)
    )
    SELECT
      coalesce((SELECT sum(market_value) FROM valued), 0)::bigint AS holdings,
      coalesce((SELECT sum(cash) FROM valued), 0)::bigint AS cash,
      (SELECT count(*) FROM "User" u WHERE u."role" = 'INVESTOR' AND (${advisorId}::uuid IS NULL OR u."advisorId" = ${advisorId}::uuid)) AS clients,
      (SELECT count(*) FROM "KycProfile" k JOIN "User" u ON u."id" = k."userId"
        WHERE k."status" = 'PENDING_REVIEW' AND (${advisorId}::uuid IS NULL OR u."advisorId" = ${advisorId}::uuid)) AS pending,
      coalesce((SELECT sum("amount") FROM flows WHERE at >= ${midnight}), 0)::bigint AS today,
      coalesce((SELECT sum("amount") FROM flows), 0)::bigint AS month,
      (SELECT count(*) FROM drift d JOIN acct ON acct.id = d.id WHERE d.drift > acct.band) AS drifted`;
  const runs = await runCounts(actor, now);
  const prices = await db.assetPrice.findMany({ where: { asset: { active: true } }, select: { asOf: true, asset: { select: { symbol: true } } } });
  return {
    assetsUnderManagement: book!.holdings + book!.cash,
    clients: count.parse(book!.clients),
    pendingKyc: count.parse(book!.pending),
    netFlowsToday: book!.today,
    netFlows30Days: book!.month,
    outsideDriftBand: count.parse(book!.drifted),
    failedRuns24h: runs.failedLastDay,
    stuckRuns: runs.stuck,
    stalePrices: prices.filter((p) => isStale(p.asOf, now)).map((p) => p.asset.symbol).sort(),
    pricesAsOf: prices.reduce<Date | null>((oldest, p) => (!oldest || p.asOf < oldest ? p.asOf : oldest), null),
  };
}
