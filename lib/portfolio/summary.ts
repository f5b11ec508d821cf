/**
 * The headline figures beside the total value: the last day's change and the total gain. Cents.
 */
import Decimal from "decimal.js";
import { db } from "../db";
import { EXTERNAL_KINDS } from "./snapshots";

export interface GainSummary {
  /** Money in minus money out over the account's life (deposits less refunds, disputes, withdrawals). */
  netContributions: bigint;
  /** The change on the latest day with a snapshot, net of that day's deposits and withdrawals. */
  dayChange: { date: string; amount: bigint; previousValue: bigint } | null;
}

/**
 * Net contributions come from the ledger (every external entry's postings to the investor's own balances),
 * so a day without a price sync loses nothing; the day's change comes from the two latest daily snapshots.
 */
export async function gainSummary(investmentAccountId: string): Promise<GainSummary> {
  const [row] = await db.$queryRaw<{ contributions: bigint | null; latest: { date: string; value: string; flow: string }[] | null }[]>`
    SELECT
      (SELECT sum(p."amount")::bigint
        FROM "LedgerAccount" la
        JOIN "Posting" p ON p."ledgerAccountId" = la."id"
        JOIN "JournalEntry" je ON je."id" = p."entryId"
        WHERE la."investmentAccountId" = ${investmentAccountId}::uuid AND je."kind"::text = ANY (${[...EXTERNAL_KINDS]}::text[])) AS contributions,
      (SELECT json_agg(json_build_object('date', s."date"::text, 'value', (s."marketValue" + s."cash")::text, 'flow', s."netFlow"::text) ORDER BY s."date" DESC)
        FROM (SELECT * FROM "PortfolioSnapshot" WHERE "investmentAccountId" = ${investmentAccountId}::uuid ORDER BY "date" DESC LIMIT 2) s) AS latest`;
  const [last, previous] = row?.latest ?? [];
  return {
    netContributions: row?.contributions ?? 0n,
    dayChange:
      last && previous
        ? {
            date: last.date,
            amount: BigInt(last.value) - BigInt(previous.value) - BigInt(last.flow),
            previousValue: BigInt(previous.value),
          }
        : null,
  };
}

/** `amount` as a signed percentage of `base` to two places ("+1.25%", "-0.40%"); null without a base. */
export function signedPercent(amount: bigint, base: bigint): string | null {
  if (base <= 0n) return null;
  const percent = new Decimal(amount.toString()).times(100).dividedBy(base.toString()).toFixed(2);
  return percent.startsWith("-") ? `${percent}%` : `+${percent}%`;
}
