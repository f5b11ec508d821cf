import { db } from "../db";

export interface TrialBalance {
  /** Sum of every posting per currency: zero when the books balance. */
  totals: { currency: string; total: bigint; postings: bigint }[];
  /** Accounts whose stored balance or version disagrees with their postings. */
  discrepancies: { ledgerAccountId: bigint; balance: bigint; postingsSum: bigint; version: bigint; postings: bigint; lastVersion: bigint }[];
  balanced: boolean;
}

/** Proves the books: postings sum to zero per currency, and each account's balance and version match them. */
export async function trialBalance(): Promise<TrialBalance> {
  const totals = await db.$queryRaw<{ currency: string; total: bigint; postings: bigint }[]>`
    SELECT "currency", coalesce(sum("amount"), 0)::bigint AS total, count(*)::bigint AS postings
    FROM "Posting" GROUP BY "currency" ORDER BY "currency"`;
  const discrepancies = await db.$queryRaw<TrialBalance["discrepancies"]>`
    SELECT a."id" AS "ledgerAccountId", a."balance", coalesce(p.total, 0)::bigint AS "postingsSum", a."version",
           coalesce(p.n, 0)::bigint AS postings, coalesce(p.last_version, 0)::bigint AS "lastVersion"
    FROM "LedgerAccount" a
    LEFT JOIN (
      SELECT "ledgerAccountId", sum("amount") AS total, count(*) AS n, max("accountVersion") AS last_version
      FROM "Posting" GROUP BY "ledgerAccountId"
    ) p ON p."ledgerAccountId" = a."id"
    WHERE a."balance" <> coalesce(p.total, 0) OR a."version" <> coalesce(p.n, 0) OR a."version" <> coalesce(p.last_version, 0)`;
  return { totals, discrepancies, balanced: totals.every((row) => row.total === 0n) && discrepancies.length === 0 };
}
