import { formatMoney } from "@/lib/money";
import type { DepositView } from "@/lib/payments/deposits";
import { SettleTestTransfer } from "./settle-test-transfer";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

const STATUS_LABELS: Record<DepositView["status"], string> = {
  PENDING: "Awaiting payment",
  PROCESSING: "Pending: bank transfer in progress",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  REFUNDED: "Refunded",
  DISPUTED: "Disputed",
};

const METHOD_LABELS: Record<DepositView["method"], string> = { CARD: "Card", US_BANK_ACCOUNT: "Bank account" };

export async function DepositList({ deposits, settleAction }: { deposits: DepositView[]; settleAction: Parameters<typeof SettleTestTransfer>[0]["action"] }) {
  const format = await viewerFormatFor(await currentUser());

  if (deposits.length === 0) return <p>No deposits yet.</p>;
  return (
    <table>
      <caption className="visually-hidden">Your deposits, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col" className="number">Amount</th>
          <th scope="col">Method</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {deposits.map((deposit) => (
          <tr key={deposit.id} data-deposit-id={deposit.id}>
            <td>{format.dateTime(deposit.createdAt)}</td>
            <td className="number">{formatMoney(deposit.amount, deposit.currency)}</td>
            <td>{METHOD_LABELS[deposit.method]}</td>
            <td>
              <span className={`status status-${deposit.status.toLowerCase()}`}>{STATUS_LABELS[deposit.status]}</span>
              {deposit.status === "FAILED" && deposit.failureMessage && <span className="status-detail"> {deposit.failureMessage}</span>}
              {deposit.refundedAmount > 0n && deposit.status !== "REFUNDED" && (
                <span className="status-detail"> {formatMoney(deposit.refundedAmount, deposit.currency)} refunded</span>
              )}
              {deposit.testMode && deposit.status === "PROCESSING" && <SettleTestTransfer action={settleAction} depositId={deposit.id} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
