import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/guards";
import { InvalidInput } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { investmentAccountOf } from "@/lib/payments/deposits";
import { listTransactions, type ActivityKind } from "@/lib/portfolio/transactions";

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

const KIND_LABELS: Record<ActivityKind, string> = {
  DEPOSIT: "Deposit",
  REFUND: "Refund",
  DISPUTE: "Dispute",
  TRADE: "Trade",
  FEE: "Fee",
  DIVIDEND: "Dividend",
  WITHDRAWAL: "Withdrawal",
  REVERSAL: "Reversal",
  TRANSFER: "Transfer",
  ORDER: "Order",
  CORPORATE_ACTION: "Corporate action",
};

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

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
        <p>No activity yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Your activity, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date (UTC)</th>
              <th scope="col">Type</th>
              <th scope="col">Description</th>
              <th scope="col" className="number">Amount</th>
            </tr>
          </thead>
          <tbody>
            {transactions.map((t) => (
              <tr key={t.id}>
                <td>{dateFormat.format(t.at)}</td>
                <td>{KIND_LABELS[t.kind]}</td>
                <td>{t.description}</td>
                <td className="number">{formatMoney(t.amount, account.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="actions">
        {cursor && <Link href={query({})}>Newest</Link>}
        {nextCursor && <Link href={query({ cursor: nextCursor })}>Older</Link>}
      </p>
    </main>
  );
}
