/**
 * The headline figures beside the total value: the last day's change and the total gain. Cents.
 */
import Decimal from "decimal.js";
import { db } from "../db";
import { withFlows } from "./performance";
import { dayReturn, tidy } from "./returns";
import { EXTERNAL_KINDS } from "./snapshots";
import { todaysChange, type TodaysChange } from "./todays-change";

export interface GainSummary {
  /** Money in minus money out over the account's life (deposits less refunds, disputes, withdrawals). */
  netContributions: bigint;
  /**
   * The change on the latest day with a snapshot, net of that day's deposits and withdrawals, in cents, and that
   * day's return (returns.ts dayReturn: the figure the large-move notice uses); null return with nothing invested.
   */
  dayChange: { date: string; amount: bigint; previousValue: bigint; return: number | null } | null;
}

/** What this process last summed for an account's ledger balances: each balance's version, and the total. */
interface Contributions {
  versions: Map<string, bigint>;
  total: bigint;
}
const MAX_REMEMBERED = 50_000;
const remembered = new Map<string, Contributions>();

/**
 * Net contributions come from the ledger (every external entry's postings to the investor's own balances),
 * so a day without a price sync loses nothing; the day's change comes from the two latest daily snapshots.
 *
 * Postings are append-only and each one bumps its balance's version, so the total for a set of versions never
 * changes: only postings after the versions this process last summed are read (an account with five years of
 * monthly deposits has hundreds of postings, almost all of them already counted). The versions and the new
 * postings are read in one statement, so they are consistent with each other.
 */
export async function gainSummary(investmentAccountId: string): Promise<GainSummary> {
  const known = remembered.get(investmentAccountId);
  const [row] = await db.$queryRaw<
    { balances: { id: string; version: string; added: string }[] | null; latest: { date: string; value: string; flow: string }[] | null; flows: string | null }[]
  >`
    SELECT
      (SELECT json_agg(json_build_object('id', la."id"::text, 'version', la."version"::text, 'added', (
          SELECT coalesce(sum(p."amount"), 0)::text
          FROM "Posting" p JOIN "JournalEntry" je ON je."id" = p."entryId"
          WHERE p."ledgerAccountId" = la."id" AND p."accountVersion" > coalesce(k.version, 0) AND p."accountVersion" <= la."version"
            AND je."kind"::text = ANY (${[...EXTERNAL_KINDS]}::text[])
        )))
        FROM "LedgerAccount" la
        LEFT JOIN unnest(${[...(known?.versions.keys() ?? [])]}::bigint[], ${[...(known?.versions.values() ?? [])]}::bigint[]) AS k(id, version) ON k.id = la."id"
        WHERE la."investmentAccountId" = ${investmentAccountId}::uuid) AS balances,
      (SELECT json_agg(json_build_object('date', s."date"::text, 'value', (s."marketValue" + s."cash")::text, 'flow', s."netFlow"::text) ORDER BY s."date" DESC)
        FROM (SELECT * FROM "PortfolioSnapshot" WHERE "investmentAccountId" = ${investmentAccountId}::uuid ORDER BY "date" DESC LIMIT 2) s) AS latest,
      (SELECT string_agg(concat_ws(',', (f."at" AT TIME ZONE 'UTC')::date, f."valueBefore", f."amount"), ';' ORDER BY f."at")
        FROM "PortfolioFlow" f
        WHERE f."investmentAccountId" = ${investmentAccountId}::uuid
          AND f."at" >= (SELECT max("date") FROM "PortfolioSnapshot" WHERE "investmentAccountId" = ${investmentAccountId}::uuid)::timestamp AT TIME ZONE 'UTC') AS flows`;
  const balances = row?.balances ?? [];
  const contributions: Contributions = {
    versions: new Map(balances.map((balance) => [balance.id, BigInt(balance.version)])),
    total: balances.reduce((total, balance) => total + BigInt(balance.added), known?.total ?? 0n),
  };
  remember(investmentAccountId, contributions);
  const [last, previous] = row?.latest ?? [];
  if (!last || !previous) return { netContributions: contributions.total, dayChange: null };
  const [today] = withFlows([{ date: last.date, value: BigInt(last.value), flow: BigInt(last.flow) }], row?.flows ?? null);
  const r = dayReturn(BigInt(previous.value), today!);
  return {
    netContributions: contributions.total,
    dayChange: {
      date: last.date,
      amount: today!.value - BigInt(previous.value) - today!.flow,
      previousValue: BigInt(previous.value),
      return: r === null ? null : tidy(r),
    },
  };
}

/**
 * Today's change (todays-change.ts defines it) of an account worth `valueNow` (account-value.ts) at `now`: the
 * latest snapshot dated before today (UTC) and the flows since that day ended, each with the value before it, in
 * one statement over PortfolioSnapshot_series_idx and PortfolioFlow_series_idx.
 */
export async function todaysChangeOf(investmentAccountId: string, valueNow: bigint, now = new Date()): Promise<TodaysChange | null> {
  const today = now.toISOString().slice(0, 10);
  const [row] = await db.$queryRaw<{ date: string | null; value: bigint | null; flows: { before: string; amount: string }[] | null }[]>`
    WITH close AS (
      SELECT "date", "marketValue" + "cash" AS value FROM "PortfolioSnapshot"
      WHERE "investmentAccountId" = ${investmentAccountId}::uuid AND "date" < ${today}::date
      ORDER BY "date" DESC LIMIT 1
    )
    SELECT (SELECT "date"::text FROM close) AS date, (SELECT value FROM close) AS value,
      (SELECT json_agg(json_build_object('before', f."valueBefore"::text, 'amount', f."amount"::text) ORDER BY f."at")
        FROM "PortfolioFlow" f
        WHERE f."investmentAccountId" = ${investmentAccountId}::uuid
          AND f."at" >= ((SELECT "date" FROM close) + 1)::timestamp AT TIME ZONE 'UTC' AND f."at" <= ${now}) AS flows`;
  const close = row?.date && row.value !== null ? { date: row.date, value: BigInt(row.value) } : null;
  const flows = (row?.flows ?? []).map((flow) => ({ before: BigInt(flow.before), amount: BigInt(flow.amount) }));
  return todaysChange(valueNow, close, flows);
}

/** Most recently used first out: the oldest entry is dropped when the map is full. */
function remember(investmentAccountId: string, contributions: Contributions): void {
  remembered.delete(investmentAccountId);
  remembered.set(investmentAccountId, contributions);
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
}

/** `amount` as a signed percentage of `base` to two places ("+1.25%", "-0.40%"); null without a base. */
export function signedPercent(amount: bigint, base: bigint): string | null {
  if (base <= 0n) return null;
  const percent = new Decimal(amount.toString()).times(100).dividedBy(base.toString()).toFixed(2);
  return percent.startsWith("-") ? `${percent}%` : `+${percent}%`;
}
