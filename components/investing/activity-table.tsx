import { formatMoney } from "@/lib/money";
import type { ActivityKind, Transaction } from "@/lib/portfolio/transactions";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

export const KIND_LABELS: Record<ActivityKind, string> = {
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

/** An account's activity, newest first: for the investor's activity page and the advisor's client page. */
export async function ActivityTable({ transactions, currency, caption }: { transactions: Transaction[]; currency: string; caption: string }) {
  const format = await viewerFormatFor(await currentUser());

  return (
    <table className="stacked-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Type</th>
          <th scope="col">Description</th>
          <th scope="col" className="number">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {transactions.map((t) => (
          <tr key={t.id}>
            <td>{format.dateTime(t.at)}</td>
            <td data-label="Type">{KIND_LABELS[t.kind]}</td>
            <td data-label="Description">{t.description}</td>
            <td data-label="Amount" className="number">
              {formatMoney(t.amount, currency)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
