import type { Metadata } from "next";
import Link from "next/link";
import { ApprovalLimitForm, DecideWithdrawal } from "@/components/withdrawals/approval-forms";
import { withdrawalAmount } from "@/components/withdrawals/withdrawal-list";
import { dollars } from "@/components/withdrawals/withdrawal-preview";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { formatMoney, toDecimalString } from "@/lib/money";
import { approvalLimit } from "@/lib/payments/withdrawals/approval-limit";
import { withdrawalsAwaitingApproval } from "@/lib/payments/withdrawals/views";
import { approvalLimitAction, approveWithdrawalAction, rejectWithdrawalAction } from "./actions";
import { viewerFormatFor } from "@/lib/format/viewer";

export const metadata: Metadata = { title: "Withdrawal approvals" };

export default async function WithdrawalApprovalsPage() {
  const user = await requirePageUser("/admin/withdrawals", STAFF_ROLES);
  const format = await viewerFormatFor(user);
  const [waiting, limit] = await Promise.all([withdrawalsAwaitingApproval(user), approvalLimit()]);
  return (
    <main className="stack">
      <h1>Withdrawal approvals</h1>
      <p className="lede">
        A client&apos;s first withdrawal to a bank linked in the last 7 days, and any above {formatMoney(limit)}, waits here before anything is
        sold. {user.role === "ADVISOR" ? "You see your clients' withdrawals." : "You see every client's."}
      </p>
      {user.role === "ADMIN" && <ApprovalLimitForm action={approvalLimitAction} current={toDecimalString(limit)} />}
      {waiting.length === 0 ? (
        <p>No withdrawal is waiting for review. Large withdrawals and those to a newly linked bank wait here for an advisor&apos;s approval.</p>
      ) : (
        <ul className="stack" style={{ listStyle: "none", padding: 0 }} aria-label="Withdrawals waiting for review">
          {waiting.map((w) => (
            <li key={w.id} className="card stack" data-withdrawal-id={w.id}>
              <h2>
                {withdrawalAmount(w)} for <Link href={`/admin/clients/${w.client.id}`}>{w.client.name}</Link>
              </h2>
              <p>
                To {w.bank.bankName} ••{w.bank.last4}, requested {format.dateTime(w.createdAt)}. Why it waits: {w.approvalReason}. Cash held
                for it: {formatMoney(w.heldAmount, w.currency)}; {w.preview.sales.length} {w.preview.sales.length === 1 ? "sale" : "sales"} previewed, estimated
                gain {dollars(w.preview.gain.total)}.
              </p>
              <DecideWithdrawal approve={approveWithdrawalAction} reject={rejectWithdrawalAction} withdrawalId={w.id} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
