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
  const [contributions, latest] = await Promise.all([
    db.$queryRaw<{ total: bigint | null }[]>`
      SELECT sum(p."amount")::bigint AS total
      FROM "LedgerAccount" la
      JOIN "Posting" p ON p."ledgerAccountId" = la."id"
      JOIN "JournalEntry" je ON je."id" = p."entryId"
      WHERE la."investmentAccountId" = ${investmentAccountId}::uuid AND je."kind"::text = ANY (${[...EXTERNAL_KINDS]}::text[])`,
    db.portfolioSnapshot.findMany({ where: { investmentAccountId }, orderBy: { date: "desc" }, take: 2 }),
  ]);
  const [last, previous] = latest;
  return {
    netContributions: contributions[0]?.total ?? 0n,
    dayChange:
      last && previous
        ? {
            date: last.date.toISOString().slice(0, 10),
            amount: last.marketValue + last.cash - (previous.marketValue + previous.cash) - last.netFlow,
            previousValue: previous.marketValue + previous.cash,
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
