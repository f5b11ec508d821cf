/**
 * Paying a cash dividend: every account that held the symbol at the end of the day before the ex-date (the holder
 * of record) receives shares × amount per share, rounded down to the cent, from broker clearing (the broker
 * receives the issuer's cash for our omnibus account) into its cash, one ledger entry per dividend and account
 * (`dividend:<actionId>:<accountId>`), with a notification and a request to invest the cash. A page of accounts
 * at a time, set-based, so a dividend to 200,000 accounts fits Inngest's limits; any page run again changes nothing.
 */
import { recordAudit } from "../audit/record";
import { canRecordCorporateActions } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Forbidden } from "../errors";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntries } from "../ledger/post";
import { formatMoney } from "../money";
import { NOTIFICATION_CREATED } from "../notifications/notify";
import { enqueue } from "../outbox/outbox";

/** Dividends staff recorded whose pay date has come and that are not yet paid (imported history is never paid). */
export async function dueDividends(today = new Date()): Promise<string[]> {
  const due = await db.corporateAction.findMany({
    where: { kind: "CASH_DIVIDEND", source: "admin", paidAt: null, payDate: { lte: today } },
    orderBy: { payDate: "asc" },
    select: { id: true },
  });
  return due.map((d) => d.id);
}

export interface DividendPage {
  /** The last account of this page (the next page starts after it), or null when this was the last page. */
  last: string | null;
  /** Accounts paid on this page (0 for accounts already paid by an earlier attempt). */
  count: number;
  cents: string;
}

/**
 * Pays one page of holders of record (accounts after `after`, in id order). Shares on the record day: the lots
 * acquired before the ex-date, less what sales settled before it took from them (a sale consumes lots, so a lot's
 * remaining shares alone would miss shares sold after the ex-date, which were still held on the record day).
 */
export async function payDividendPage(actionId: string, after: string | null, limit = 2_000): Promise<DividendPage> {
  const action = await db.corporateAction.findUniqueOrThrow({ where: { id: actionId } });
  if (action.kind !== "CASH_DIVIDEND" || !action.amountPerShare) throw new Error(`corporate action ${actionId} is not a cash dividend`);
  const accounts = await db.$queryRaw<{ account: string }[]>`
    SELECT page.account::text AS account FROM (
      SELECT DISTINCT "investmentAccountId" AS account FROM "TaxLot"
      WHERE "symbol" = ${action.symbol} AND "acquiredAt" < ${action.exDate} AND "investmentAccountId" > ${after ?? "00000000-0000-0000-0000-000000000000"}::uuid
      ORDER BY 1 LIMIT ${limit}
    ) page ORDER BY page.account`;
  if (accounts.length === 0) return { last: null, count: 0, cents: "0" };
  const ids = accounts.map((a) => a.account);
  const holders = await db.$queryRaw<{ account: string; cash: bigint; shares: string; cents: bigint }[]>`
    WITH bought AS (
      SELECT "investmentAccountId" AS account, sum("quantity") AS shares FROM "TaxLot"
      WHERE "symbol" = ${action.symbol} AND "acquiredAt" < ${action.exDate} AND "investmentAccountId" = ANY(${ids}::uuid[])
      GROUP BY 1
    ), sold AS (
      SELECT "investmentAccountId" AS account, sum("filledQuantity") AS shares FROM "Order"
      WHERE "symbol" = ${action.symbol} AND "side" = 'SELL' AND "settledAt" < ${action.exDate} AND "investmentAccountId" = ANY(${ids}::uuid[])
      GROUP BY 1
    ), held AS (
      SELECT b.account, b.shares - coalesce(s.shares, 0) AS shares FROM bought b LEFT JOIN sold s ON s.account = b.account
    )
    SELECT h.account::text AS account, la."id" AS cash, trim_scale(h.shares)::text AS shares,
      floor(h.shares * ${action.amountPerShare.toString()}::numeric * 100)::bigint AS cents
    FROM held h JOIN "LedgerAccount" la ON la."investmentAccountId" = h.account AND la."kind" = 'INVESTOR_CASH'
    WHERE floor(h.shares * ${action.amountPerShare.toString()}::numeric * 100) > 0
    ORDER BY h.account`;
  const perShare = action.amountPerShare.toString();
  const paid = await db.$transaction(async (tx) => {
    const entries = await Promise.all(
      holders.map(async (h) => ({
        idempotencyKey: `dividend:${action.id}:${h.account}`,
        kind: "DIVIDEND" as const,
        cause: { type: "CorporateAction", id: action.id },
        memo: `Dividend from ${action.symbol}: ${h.shares} shares × $${perShare}`,
        postings: [
          { account: await platformAccount("BROKER_CLEARING", h.account), amount: -h.cents },
          { account: h.cash, amount: h.cents },
        ],
      })),
    );
    const posted = await postJournalEntries(tx, entries);
    const created = holders.filter((_, i) => posted[i]!.created);
    if (created.length === 0) return created;
    const createdIds = created.map((h) => h.account);
    const amounts = created.map((h) => formatMoney(h.cents));
    const cents = created.map((h) => h.cents.toString());
    const shares = created.map((h) => h.shares);
    // The notice and the request to invest the cash, once per account (their keys are the dividend's and the
    // account's); the outbox sends the request to the invest workflow, whose plan buys the most underweight funds.
    await tx.$executeRaw`
      WITH paid AS (
        SELECT * FROM unnest(${createdIds}::uuid[], ${amounts}::text[], ${cents}::bigint[], ${shares}::text[]) AS p(account, amount, cents, shares)
      ), audited AS (
        -- Each account's payment audited in the transaction that posts it (the action's total follows at the end).
        INSERT INTO "AuditLog" ("action", "actorId", "targetType", "targetId", "details")
        SELECT 'CORPORATE_ACTION_PAID', NULL, 'InvestmentAccount', p.account::text,
          jsonb_build_object('corporateActionId', ${action.id}::text, 'symbol', ${action.symbol}::text, 'shares', p.shares, 'cents', p.cents::text,
            'idempotencyKey', 'dividend:' || ${action.id}::text || ':' || p.account)
        FROM paid p
      ), notices AS (
        INSERT INTO "Notification" ("id", "userId", "kind", "title", "body", "link", "dedupeKey")
        SELECT gen_random_uuid(), a."userId", 'DIVIDEND', 'Dividend of ' || p.amount || ' from ' || ${action.symbol}::text,
          ${`${action.symbol} paid $${perShare} a share. The cash is being invested in the funds furthest below their target.`}::text,
          '/activity', 'dividend:' || ${action.id}::text || ':' || p.account
        FROM paid p JOIN "InvestmentAccount" a ON a."id" = p.account
        ON CONFLICT ("dedupeKey") DO NOTHING
        RETURNING "id"
      ), emails AS (
        INSERT INTO "OutboxEvent" ("id", "name", "data") SELECT gen_random_uuid(), ${NOTIFICATION_CREATED}::text, jsonb_build_object('notificationId', "id") FROM notices
      )
      INSERT INTO "OutboxEvent" ("id", "name", "data", "dedupeKey")
      SELECT gen_random_uuid(), 'account/invest.requested', jsonb_build_object('investmentAccountId', p.account, 'reason', 'dividend'),
        'dividend-reinvest:' || ${action.id}::text || ':' || p.account
      FROM paid p
      ON CONFLICT ("dedupeKey") DO NOTHING`;
    return created;
  });
  return {
    last: accounts.length < limit ? null : ids.at(-1)!,
    count: paid.length,
    cents: paid.reduce((sum, h) => sum + h.cents, 0n).toString(),
  };
}

/** Marks a dividend paid once every page is done (audited with the totals). */
export async function markDividendPaid(actionId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.corporateAction.updateMany({ where: { id: actionId, paidAt: null }, data: { paidAt: new Date() } });
    if (count === 0) return;
    const [totals] = await tx.$queryRaw<{ accounts: bigint; cents: bigint | null }[]>`
      SELECT count(DISTINCT je."id") AS accounts, sum(p."amount") FILTER (WHERE p."amount" > 0)::bigint AS cents
      FROM "JournalEntry" je JOIN "Posting" p ON p."entryId" = je."id"
      WHERE je."causeType" = 'CorporateAction' AND je."causeId" = ${actionId} AND je."kind" = 'DIVIDEND'`;
    await recordAudit(tx, {
      action: "CORPORATE_ACTION_PAID",
      actorId: null,
      target: { type: "CorporateAction", id: actionId },
      context: { ip: null, userAgent: null },
      details: { accounts: Number(totals?.accounts ?? 0), cents: (totals?.cents ?? 0n).toString() },
    });
  });
}

/** An admin asks for the due dividends to be paid now rather than at the daily run: the request goes through the outbox. */
export async function requestDividendPayments(actor: CurrentUser): Promise<{ outboxId: string; due: number }> {
  if (!canRecordCorporateActions(actor.role)) throw new Forbidden("Only admins start dividend payments.");
  const due = (await dueDividends()).length;
  const outboxId = await db.$transaction((tx) => enqueue(tx, { name: "dividends/pay.requested", data: { actionId: null, after: null } }));
  return { outboxId, due };
}
