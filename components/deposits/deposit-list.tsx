import Link from "next/link";
import { formatMoney } from "@/lib/money";
import type { DepositView } from "@/lib/payments/deposits";
import { explainDepositFailure } from "@/lib/payments/failure-reasons";
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

/** A failed deposit's explanation and next step, as the list and the dashboard's notice say it. */
export function DepositFailure({ deposit }: { deposit: Pick<DepositView, "method" | "failureCode" | "amount" | "currency"> }) {
  const explained = explainDepositFailure({ method: deposit.method, code: deposit.failureCode, amount: deposit.amount, currency: deposit.currency });
  return (
    <>
      <span className="status-detail"> {explained.message}</span> <Link href={explained.nextAction.href}>{explained.nextAction.label}</Link>
    </>
  );
}

export async function DepositList({ deposits, settleAction }: { deposits: DepositView[]; settleAction: Parameters<typeof SettleTestTransfer>[0]["action"] }) {
  const format = await viewerFormatFor(await currentUser());

  if (deposits.length === 0) return <p>No deposits yet.</p>;
  return (
    <table className="stacked-table">
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
            <td data-label="Date">{format.dateTime(deposit.createdAt)}</td>
            <td data-label="Amount" className="number">
              {formatMoney(deposit.amount, deposit.currency)}
            </td>
            <td data-label="Method">{METHOD_LABELS[deposit.method]}</td>
            <td data-label="Status">
              <span className={`status status-${deposit.status.toLowerCase()}`}>{STATUS_LABELS[deposit.status]}</span>
              {deposit.status === "FAILED" && <DepositFailure deposit={deposit} />}
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
