import type { db, Tx } from "../db";
import { LIVE_CHANNEL, type AccountChange, type LiveNotice } from "./events";

type Client = Tx | typeof db;

/**
 * Announces a change to every app instance's live streams (lib/live/hub.ts). Called in the transaction that makes
 * the change: PostgreSQL delivers the notice only when it commits, and never when it rolls back.
 */
export async function notifyLive(client: Client, notice: LiveNotice): Promise<void> {
  await client.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(notice)})`;
}

/** Announces a change to an investment account to its owner's streams (and their advisor's and admins'), in one round trip. */
export async function notifyAccountChanged(client: Client, investmentAccountId: string, kind: AccountChange): Promise<void> {
  await client.$executeRaw`
    SELECT pg_notify(${LIVE_CHANNEL}, json_strip_nulls(json_build_object('type', 'account', 'kind', ${kind}::text, 'userId', a."userId", 'accountId', a."id", 'advisorId', u."advisorId"))::text)
    FROM "InvestmentAccount" a JOIN "User" u ON u."id" = a."userId" WHERE a."id" = ${investmentAccountId}::uuid`;
}
