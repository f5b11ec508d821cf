import { formatMoney } from "@/lib/money";
import type { WithdrawalView } from "@/lib/payments/withdrawals/views";
import { CancelWithdrawal } from "./cancel-withdrawal";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

export const WITHDRAWAL_STATUS_LABELS: Record<WithdrawalView["status"], string> = {
  REQUESTED: "Requested",
  AWAITING_APPROVAL: "Waiting for an advisor's review",
  SELLING: "Selling",
  SETTLING: "Sales settling",
  PAYING: "On its way to your bank",
  PAID: "Paid",
  FAILED: "Failed: back in cash",
  RETURNED: "Returned by the bank: back in cash",
  CANCELLED: "Cancelled",
  REJECTED: "Not approved",
};

/** What the withdrawal is for, in money: the amount paid once known, else what was asked. */
export function withdrawalAmount(w: Pick<WithdrawalView, "paidAmount" | "requestedAmount" | "currency" | "everything">): string {
  if (w.paidAmount !== null) return formatMoney(w.paidAmount, w.currency);
  return w.requestedAmount !== null ? formatMoney(w.requestedAmount, w.currency) : "Everything";
}

type Action = Parameters<typeof CancelWithdrawal>[0]["action"];

export async function WithdrawalList({ withdrawals, cancelAction, halted }: { withdrawals: WithdrawalView[]; cancelAction?: Action; halted?: boolean }) {
  const format = await viewerFormatFor(await currentUser());

  if (withdrawals.length === 0) return <p>No withdrawals yet. When you take money out to your bank, each withdrawal shows here with its status.</p>;
  return (
    <table className="stacked-table">
      <caption className="visually-hidden">Withdrawals, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col" className="number">Amount</th>
          <th scope="col">To</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {withdrawals.map((w) => (
          <tr key={w.id} data-withdrawal-id={w.id}>
            <td data-label="Date">{format.dateTime(w.createdAt)}</td>
            <td data-label="Amount" className="number">
              {withdrawalAmount(w)}
            </td>
            <td data-label="To">
              {w.bank.bankName} ••{w.bank.last4}
            </td>
            <td data-label="Status">
              <span className={`status status-${["PAID"].includes(w.status) ? "succeeded" : ["FAILED", "RETURNED", "REJECTED"].includes(w.status) ? "failed" : w.status.toLowerCase()}`}>
                {WITHDRAWAL_STATUS_LABELS[w.status]}
              </span>
              {w.status === "REQUESTED" && halted && <span className="status-detail"> Waiting: trading is halted, so nothing can be sold yet.</span>}
              {w.status === "AWAITING_APPROVAL" && w.approvalReason && <span className="status-detail"> ({w.approvalReason})</span>}
              {w.status === "SETTLING" && w.settlesAt && <span className="status-detail"> Settles {format.dateTime(w.settlesAt)}</span>}
              {(w.failureReason || w.rejectionReason) && <span className="status-detail"> {w.failureReason ?? w.rejectionReason}</span>}
              {w.cancellable && cancelAction && <CancelWithdrawal action={cancelAction} withdrawalId={w.id} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
