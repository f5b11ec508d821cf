/** Reading withdrawals: the investor's own, and those waiting for an advisor (their clients'; an admin's: all). */
import type { CurrentUser } from "../../auth/sessions";
import { db } from "../../db";
import { Forbidden, NotFound } from "../../errors";
import type { WithdrawalStatus } from "../../generated/prisma/client";
import { accountOf } from "../deposits";
import { isCancellable } from "../withdrawal-rules";
import type { WithdrawalPreview } from "./request";

export interface WithdrawalView {
  id: string;
  status: WithdrawalStatus;
  everything: boolean;
  requestedAmount: bigint | null;
  heldAmount: bigint;
  paidAmount: bigint | null;
  currency: string;
  bank: { bankName: string; last4: string };
  preview: WithdrawalPreview;
  approvalReason: string | null;
  rejectionReason: string | null;
  failureReason: string | null;
  settlesAt: Date | null;
  createdAt: Date;
  paidAt: Date | null;
  endedAt: Date | null;
  cancellable: boolean;
}

const select = {
  id: true,
  status: true,
  everything: true,
  requestedAmount: true,
  heldAmount: true,
  paidAmount: true,
  currency: true,
  preview: true,
  approvalReason: true,
  rejectionReason: true,
  failureReason: true,
  settlesAt: true,
  createdAt: true,
  paidAt: true,
  endedAt: true,
  bankAccount: { select: { bankName: true, last4: true } },
} as const;

type Row = Awaited<ReturnType<typeof rowsOf>>[number];
const rowsOf = (where: object, take: number) => db.withdrawal.findMany({ where, orderBy: { createdAt: "desc" }, take, select });

function view(row: Row): WithdrawalView {
  const { bankAccount, preview, ...rest } = row;
  return { ...rest, bank: bankAccount, preview: preview as unknown as WithdrawalPreview, cancellable: isCancellable(row.status) };
}

/** The investor's withdrawals, newest first. */
export async function listWithdrawals(user: CurrentUser, { take = 20 } = {}): Promise<WithdrawalView[]> {
  const account = await accountOf(user);
  return (await rowsOf({ investmentAccountId: account.id }, take)).map(view);
}

/** One of the investor's withdrawals (404 for anyone else's). */
export async function withdrawalOf(user: CurrentUser, withdrawalId: string): Promise<WithdrawalView> {
  const account = await accountOf(user);
  const [row] = /^[0-9a-f-]{36}$/i.test(withdrawalId) ? await rowsOf({ id: withdrawalId, investmentAccountId: account.id }, 1) : [];
  if (!row) throw new NotFound("No such withdrawal.");
  return view(row);
}

export interface ApprovalView extends WithdrawalView {
  client: { id: string; name: string; email: string };
}

/** Withdrawals waiting for review that `actor` may decide (an advisor's clients; every one for an admin), oldest first. */
export async function withdrawalsAwaitingApproval(actor: CurrentUser, options: { clientId?: string } = {}): Promise<ApprovalView[]> {
  if (actor.role !== "ADVISOR" && actor.role !== "ADMIN") throw new Forbidden("Only advisors approve withdrawals.");
  const rows = await db.withdrawal.findMany({
    where: {
      status: "AWAITING_APPROVAL",
      investmentAccount: { user: { ...(actor.role === "ADVISOR" ? { advisorId: actor.id } : {}), ...(options.clientId ? { id: options.clientId } : {}) } },
    },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: { ...select, investmentAccount: { select: { user: { select: { id: true, name: true, email: true } } } } },
  });
  return rows.map(({ investmentAccount, ...row }) => ({ ...view(row), client: investmentAccount.user }));
}

/** A client's withdrawals for their advisor's page (access checked by the caller with clientFor). */
export async function withdrawalsOfClient(clientId: string, { take = 10 } = {}): Promise<WithdrawalView[]> {
  return (await rowsOf({ investmentAccount: { userId: clientId } }, take)).map(view);
}

/** The investor's banks a withdrawal can pay: verified and not removed, newest first. */
export async function payoutBanks(userId: string): Promise<{ id: string; bankName: string; last4: string }[]> {
  return db.linkedBankAccount.findMany({
    where: { userId, status: "VERIFIED", removedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, bankName: true, last4: true },
  });
}
