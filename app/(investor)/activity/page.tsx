import type { Metadata } from "next";
import Link from "next/link";
import { ActivityTable } from "@/components/investing/activity-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { requirePageUser } from "@/lib/auth/guards";
import { InvalidInput } from "@/lib/errors";
import { investmentAccountOf } from "@/lib/payments/deposits";
import { listTransactions } from "@/lib/portfolio/transactions";

export const metadata: Metadata = { title: "Activity" };

const TYPES = [
  ["", "All"],
  ["deposit", "Deposits"],
  ["trade", "Trades"],
  ["refund", "Refunds"],
  ["dispute", "Disputes"],
  ["reversal", "Reversals"],
  ["order", "Orders not filled"],
  ["corporate_action", "Corporate actions"],
] as const;

export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ type?: string; cursor?: string }> }) {
  const user = await requirePageUser("/activity", ["INVESTOR"]);
  const { type = "", cursor: rawCursor } = await searchParams;
  const cursor = rawCursor && /^[\w-]{1,300}$/.test(rawCursor) ? rawCursor : undefined;
  const known = TYPES.some(([value]) => value === type) ? type : "";
  const account = await investmentAccountOf(user);
  // A cursor that is not one of ours (edited by hand) shows the newest page.
  const { transactions, nextCursor } = await listTransactions(account.id, { type: known || undefined, cursor, limit: 25 }, account.currency).catch((error: unknown) => {
    if (cursor && error instanceof InvalidInput) return listTransactions(account.id, { type: known || undefined, limit: 25 }, account.currency);
    throw error;
  });
  const query = (extra: Record<string, string>) => `/activity?${new URLSearchParams({ ...(known ? { type: known } : {}), ...extra })}`;
  return (
    <main>
      <LiveRefresh on={["account"]} />
      <h1>Activity</h1>
      <form method="get" className="inline-form">
        <label htmlFor="type">Show</label>
        <select id="type" name="type" defaultValue={known}>
          {TYPES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-quiet">
          Filter
        </button>
        <a className="button button-quiet" href={`/api/v1/accounts/${account.id}/transactions.csv${known ? `?type=${known}` : ""}`} download>
          Download CSV
        </a>
      </form>
      {transactions.length === 0 ? (
        known ? (
          <p role="status">
            No activity matches this filter ({TYPES.find(([value]) => value === known)![1].toLowerCase()}). <Link href="/activity">Clear filters</Link>
          </p>
        ) : (
          <p role="status">
            No activity yet. Your deposits, the purchases made with them, fees and dividends will be listed here. <Link href="/deposit">Make a deposit</Link> to start.
          </p>
        )
      ) : (
        <ActivityTable transactions={transactions} currency={account.currency} caption="Your activity, newest first" />
      )}
      <p className="actions">
        {cursor && <Link href={query({})}>Newest</Link>}
        {nextCursor && <Link href={query({ cursor: nextCursor })}>Older</Link>}
      </p>
    </main>
  );
}
