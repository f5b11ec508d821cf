/**
 * The monthly bill (docs/fees.md): for every account that existed in the month, one FeeBill (NOTHING_DUE when the
 * month accrued less than a cent), and one journal batch per page taking what cash covers (INVESTOR_CASH →
 * PLATFORM_REVENUE, kind FEE, key `fee:<account>:<yyyy-mm>`), the bills and the batch's audit record in one
 * transaction. What cash does not cover stays due on the bill; a per-account collection run raises it by selling
 * (lib/fees/collect.ts). A page already billed is skipped, so a retried step bills nobody twice.
 */
import Decimal from "decimal.js";
import { recordAudit } from "../audit/record";
import { db, type Tx } from "../db";
import { InvalidInput } from "../errors";
import { NO_REQUEST_CONTEXT } from "../http/request-context";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntries, type JournalEntryInput } from "../ledger/post";
import type { FeeBillStatus } from "../generated/prisma/client";
import { feeMemo, monthBill, monthDays } from "./accrual";

const FIRST_ID = "00000000-0000-0000-0000-000000000000";
export const BILLING_PAGE = 2_000;

/** "2026-11", refused unless a whole month that has ended (New York time) by `now`. */
export function billableMonth(month: string, now = new Date()): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new InvalidInput("Choose a month (YYYY-MM).", { month: "A month, as YYYY-MM." });
  const current = currentMonth(now);
  if (month >= current) throw new InvalidInput(`Only months that have ended can be billed; ${month} has not.`, { month: "Only whole past months." });
  return month;
}

/** The month it is in New York. */
export function currentMonth(now = new Date()): string {
  return now.toLocaleDateString("en-CA", { timeZone: "America/New_York" }).slice(0, 7);
}

/** The month before the one it is in New York (what the cron on the 1st bills). */
export function previousMonth(now = new Date()): string {
  const [year, month] = currentMonth(now).split("-").map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

export const feeEntryKey = (investmentAccountId: string, month: string) => `fee:${investmentAccountId}:${month}`;

interface Candidate {
  id: string;
  status: string;
  prev_basis: string | null;
  prev_billed: bigint | null;
  basis: string;
  cash_id: bigint;
  cash_balance: bigint;
}

export interface BilledPage {
  last: string | null;
  count: number;
  billed: bigint;
  collected: bigint;
  /** Accounts whose cash did not cover their bill (and may sell: not restricted). */
  due: string[];
}

const statusOf = (amount: bigint, collected: bigint): FeeBillStatus =>
  amount === 0n ? "NOTHING_DUE" : collected === amount ? "COLLECTED" : collected > 0n ? "PARTIALLY_COLLECTED" : "BILLED";

/** Bills one page of accounts (ids after `after`) for `month`, in one transaction. */
export async function billPage(month: string, after: string | null, limit = BILLING_PAGE): Promise<BilledPage> {
  const { first, last, year } = monthDays(month);
  return db.$transaction(
    async (tx) => {
      // Revenue shards first, then the page's cash rows (the ledger locks in id order, and the shards' ids are lower).
      await tx.$queryRaw`SELECT "id" FROM "LedgerAccount" WHERE "kind" = 'PLATFORM_REVENUE' AND "investmentAccountId" IS NULL ORDER BY "id" FOR NO KEY UPDATE`;
      const rows = await tx.$queryRawUnsafe<Candidate[]>(
        `WITH batch AS (
           SELECT a."id", a."status" FROM "InvestmentAccount" a
           WHERE a."id" > $1::uuid AND a."createdAt" < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
             -- Billed already, or a later month of the year was (its bill covered this month's days).
             AND NOT EXISTS (SELECT 1 FROM "FeeBill" fb WHERE fb."investmentAccountId" = a."id" AND fb."month" >= $2 AND fb."month" <= $7)
           ORDER BY a."id" LIMIT $5
         )
         SELECT b."id", b."status"::text AS status, prev."yearToDateBasis"::text AS prev_basis, prev."billedYearToDate" AS prev_billed,
           (SELECT coalesce(sum(f."annualFee"), 0)::text FROM "FeeAccrual" f
            WHERE f."investmentAccountId" = b."id" AND f."day" > coalesce(prev.month_end, $4::date - 1) AND f."day" <= $3::date) AS basis,
           cash."id" AS cash_id, cash."balance" AS cash_balance
         FROM batch b
         JOIN "LedgerAccount" cash ON cash."investmentAccountId" = b."id" AND cash."kind" = 'INVESTOR_CASH'
         LEFT JOIN LATERAL (
           SELECT fb."yearToDateBasis", fb."billedYearToDate", (to_date(fb."month", 'YYYY-MM') + interval '1 month' - interval '1 day')::date AS month_end
           FROM "FeeBill" fb WHERE fb."investmentAccountId" = b."id" AND fb."month" < $2 AND fb."month" >= $6
           ORDER BY fb."month" DESC LIMIT 1
         ) prev ON true
         ORDER BY b."id"
         FOR NO KEY UPDATE OF cash`,
        after ?? FIRST_ID,
        month,
        last,
        `${year}-01-01`,
        limit,
        `${year}-01`,
        `${year}-12`,
      );
      if (rows.length === 0) return { last: null, count: 0, billed: 0n, collected: 0n, due: [] };
      const bills = rows.map((row) => {
        const basis = new Decimal(row.prev_basis ?? 0).plus(row.basis);
        const earlier = row.prev_billed ?? 0n;
        const amount = monthBill(year, basis, earlier);
        return { ...row, basis, amount, billedYearToDate: earlier + amount, collected: 0n };
      });
      const owing = bills.filter((bill) => bill.amount > 0n);
      const entries: JournalEntryInput[] = [];
      for (const bill of owing) {
        const available = bill.cash_balance;
        bill.collected = available < bill.amount ? (available > 0n ? available : 0n) : bill.amount;
        if (bill.collected === 0n) continue;
        entries.push({
          idempotencyKey: feeEntryKey(bill.id, month),
          kind: "FEE",
          cause: { type: "FeeBill", id: `${bill.id}:${month}` },
          memo: feeMemo(month),
          postings: [
            { account: bill.cash_id, amount: -bill.collected },
            { account: await platformAccount("PLATFORM_REVENUE", bill.id), amount: bill.collected },
          ],
        });
      }
      const posted = new Map((await postJournalEntries(tx, entries)).map((entry) => [entry.idempotencyKey, entry.entryId]));
      await tx.$executeRawUnsafe(
        `INSERT INTO "FeeBill" ("id", "investmentAccountId", "month", "amount", "collected", "status", "entryId", "yearToDateBasis", "billedYearToDate", "collectedAt")
         SELECT gen_random_uuid(), a, $1, m, c, s::"FeeBillStatus", e, y, b, CASE WHEN s = 'COLLECTED' THEN now() END
         FROM unnest($2::uuid[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], $7::numeric[], $8::bigint[]) AS t(a, m, c, s, e, y, b)`,
        month,
        bills.map((bill) => bill.id),
        bills.map((bill) => bill.amount.toString()),
        bills.map((bill) => bill.collected.toString()),
        bills.map((bill) => statusOf(bill.amount, bill.collected)),
        bills.map((bill) => posted.get(feeEntryKey(bill.id, month))?.toString() ?? null),
        bills.map((bill) => bill.basis.toFixed(10)),
        bills.map((bill) => bill.billedYearToDate.toString()),
      );
      const billed = bills.reduce((sum, bill) => sum + bill.amount, 0n);
      const collected = bills.reduce((sum, bill) => sum + bill.collected, 0n);
      const short = owing.filter((bill) => bill.collected < bill.amount);
      await recordAudit(tx, {
        action: "FEES_BILLED",
        actorId: null,
        target: { type: "FeeMonth", id: month },
        context: NO_REQUEST_CONTEXT,
        details: {
          month,
          accounts: bills.length,
          owing: owing.length,
          billed: billed.toString(),
          collectedFromCash: collected.toString(),
          shortOfCash: short.length,
          firstAccount: bills[0]!.id,
          lastAccount: bills.at(-1)!.id,
          from: first,
        },
      });
      return {
        last: rows.length < limit ? null : rows.at(-1)!.id,
        count: rows.length,
        billed,
        collected,
        due: short.filter((bill) => bill.status !== "RESTRICTED").map((bill) => bill.id),
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Locks investor cash rows and the revenue shards they pay into, all in id order (as the ledger functions lock),
 * and reads the cash balances under the lock.
 */
export async function lockCash(tx: Tx, accounts: { cash: bigint; account: string }[]): Promise<{ balances: Map<bigint, bigint>; revenue: Map<string, bigint> }> {
  const revenue = new Map<string, bigint>();
  for (const { account } of accounts) revenue.set(account, await platformAccount("PLATFORM_REVENUE", account));
  if (accounts.length === 0) return { balances: new Map(), revenue };
  const ids = [...new Set([...accounts.map((a) => a.cash), ...revenue.values()])].map(String);
  const rows = await tx.$queryRaw<{ id: bigint; balance: bigint }[]>`
    SELECT "id", "balance" FROM "LedgerAccount" WHERE "id" = ANY (${ids}::bigint[]) ORDER BY "id" FOR NO KEY UPDATE`;
  return { balances: new Map(rows.map((row) => [row.id, row.balance])), revenue };
}

/** Bills every account for `month`, page by page (scripts and tests; the workflow runs the pages as steps). */
export async function billMonth(month: string, limit = BILLING_PAGE): Promise<{ accounts: number; billed: bigint; collected: bigint; due: string[] }> {
  let after: string | null = null;
  const total = { accounts: 0, billed: 0n, collected: 0n, due: [] as string[] };
  do {
    const page = await billPage(month, after, limit);
    total.accounts += page.count;
    total.billed += page.billed;
    total.collected += page.collected;
    total.due.push(...page.due);
    after = page.last;
  } while (after);
  return total;
}
