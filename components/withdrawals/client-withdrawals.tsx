import { withdrawalsOfClient } from "@/lib/payments/withdrawals/views";
import { approveWithdrawalAction, rejectWithdrawalAction } from "@/app/admin/withdrawals/actions";
import { DecideWithdrawal } from "./approval-forms";
import { WithdrawalList } from "./withdrawal-list";

/** A client's withdrawals on their advisor's page (access already checked by clientFor), with the decision on any waiting. */
export async function ClientWithdrawals({ clientId, clientName }: { clientId: string; clientName: string }) {
  const withdrawals = await withdrawalsOfClient(clientId);
  const waiting = withdrawals.filter((w) => w.status === "AWAITING_APPROVAL");
  return (
    <section aria-labelledby="withdrawals-heading" className="card stack">
      <h2 id="withdrawals-heading">Withdrawals</h2>
      <WithdrawalList withdrawals={withdrawals} />
      {waiting.map((w) => (
        <div key={w.id} className="stack" aria-label={`Decide ${clientName}'s withdrawal`}>
          <p>
            Waiting for your review: {w.approvalReason}.
          </p>
          <DecideWithdrawal approve={approveWithdrawalAction} reject={rejectWithdrawalAction} withdrawalId={w.id} />
        </div>
      ))}
    </section>
  );
}
