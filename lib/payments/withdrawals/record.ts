/**
 * A withdrawal's state changes, each in the caller's transaction with its audit record and the investor's
 * notification (and email, through the outbox): one place that knows what every state says.
 */
import { recordAudit } from "../../audit/record";
import type { Tx } from "../../db";
import { Conflict } from "../../errors";
import type { AuditAction, Prisma, Withdrawal, WithdrawalStatus } from "../../generated/prisma/client";
import { NO_REQUEST_CONTEXT, type RequestContext } from "../../http/request-context";
import { formatMoney } from "../../money";
import { notifyAccountChanged } from "../../live/notify";
import { notify } from "../../notifications/notify";
import { enqueue } from "../../outbox/outbox";
import { canMove } from "../withdrawal-rules";

/** Starts (and, after an approval, a cancel or a rejection, wakes) the withdrawal's workflow. */
export const WITHDRAWAL_REQUESTED = "withdrawal/requested";
export const WITHDRAWAL_DECIDED = "withdrawal/decided";

/** Locks the withdrawal's row for the rest of the transaction; null when there is none. */
export async function lockWithdrawal(tx: Tx, id: string): Promise<Withdrawal | null> {
  await tx.$queryRaw`SELECT 1 FROM "Withdrawal" WHERE "id" = ${id}::uuid FOR UPDATE`;
  return tx.withdrawal.findUnique({ where: { id } });
}

/** The withdrawal's amount in words: "$500.00", or "everything" before it is known. */
export function amountOf(w: Pick<Withdrawal, "requestedAmount" | "paidAmount" | "currency" | "everything">): string {
  if (w.paidAmount !== null) return formatMoney(w.paidAmount, w.currency);
  return w.requestedAmount !== null ? formatMoney(w.requestedAmount, w.currency) : "everything in your account";
}

const AUDIT: Record<WithdrawalStatus, AuditAction> = {
  REQUESTED: "WITHDRAWAL_REQUESTED",
  AWAITING_APPROVAL: "WITHDRAWAL_REQUESTED",
  SELLING: "WITHDRAWAL_SELLING",
  SETTLING: "WITHDRAWAL_SETTLING",
  PAYING: "WITHDRAWAL_PAYING",
  PAID: "WITHDRAWAL_PAID",
  FAILED: "WITHDRAWAL_FAILED",
  RETURNED: "WITHDRAWAL_RETURNED",
  CANCELLED: "WITHDRAWAL_CANCELLED",
  REJECTED: "WITHDRAWAL_REJECTED",
};

function noticeText(w: Withdrawal, status: WithdrawalStatus): { title: string; body: string } {
  const amount = amountOf(w);
  const title = (what: string) => `Withdrawal of ${amount}${what.startsWith(":") ? "" : " "}${what}`;
  switch (status) {
    case "REQUESTED":
      return { title: title("requested"), body: "We will sell what your cash does not cover, wait for the sales to settle, then pay your bank." };
    case "AWAITING_APPROVAL":
      return { title: title("waits for review"), body: `An advisor reviews it before anything is sold (${w.approvalReason ?? "a new bank"}). You can cancel it until then.` };
    case "SELLING":
      return { title: title(": selling"), body: "We are selling investments to raise the cash. It can no longer be cancelled." };
    case "SETTLING":
      return { title: title(": sales settling"), body: `The sales settle${w.settlesAt ? ` on ${w.settlesAt.toUTCString()}` : ""}; we pay your bank then.` };
    case "PAYING":
      return { title: title("is on its way"), body: "We have sent the money to your bank. Bank transfers usually arrive within one or two business days." };
    case "PAID":
      return { title: title("paid"), body: "Your bank has the money." };
    case "FAILED":
      return { title: title("could not be made"), body: `${w.failureReason ?? "It failed."} The money is back in your account's cash.` };
    case "RETURNED":
      return { title: title("was returned by your bank"), body: `${w.failureReason ?? "Your bank sent it back."} The money is back in your account's cash.` };
    case "CANCELLED":
      return { title: title("cancelled"), body: "Nothing was sold; the cash it held is available again." };
    case "REJECTED":
      return { title: title("was not approved"), body: `${w.rejectionReason ?? "An advisor declined it."} Nothing was sold; the cash is available again.` };
  }
}

export interface StateChange {
  actorId?: string | null;
  context?: RequestContext;
  details?: Prisma.InputJsonObject;
  /** Other fields to set with the status. */
  data?: Prisma.WithdrawalUpdateInput;
  /** Audit under this action rather than the state's own (an approval is WITHDRAWAL_APPROVED). */
  action?: AuditAction;
}

/**
 * Moves a locked withdrawal to `to` (refusing a move the states do not allow), audits it, tells the investor, and
 * returns the updated row and the outbox ids to send after the commit.
 */
export async function moveWithdrawal(tx: Tx, w: Withdrawal, to: WithdrawalStatus, change: StateChange = {}): Promise<{ withdrawal: Withdrawal; outboxIds: string[] }> {
  if (!canMove(w.status, to)) throw new Conflict(`This withdrawal is ${w.status.toLowerCase().replace("_", " ")}; it cannot become ${to.toLowerCase().replace("_", " ")}.`);
  const final = ["PAID", "FAILED", "RETURNED", "CANCELLED", "REJECTED"].includes(to);
  const withdrawal = await tx.withdrawal.update({
    where: { id: w.id },
    data: { ...change.data, status: to, ...(final ? { endedAt: new Date() } : {}) },
  });
  const outboxIds = await announce(tx, withdrawal, { ...change, details: { from: w.status, ...change.details } });
  return { withdrawal, outboxIds };
}

/** Audits the withdrawal's current state and tells the investor about it (once per state). */
export async function announce(tx: Tx, w: Withdrawal, change: StateChange = {}): Promise<string[]> {
  await recordAudit(tx, {
    action: change.action ?? AUDIT[w.status],
    actorId: change.actorId ?? null,
    target: { type: "Withdrawal", id: w.id },
    context: change.context ?? NO_REQUEST_CONTEXT,
    details: { investmentAccountId: w.investmentAccountId, to: w.status, heldAmount: w.heldAmount.toString(), ...change.details },
  });
  const { userId } = await tx.investmentAccount.findUniqueOrThrow({ where: { id: w.investmentAccountId }, select: { userId: true } });
  await notifyAccountChanged(tx, w.investmentAccountId, "withdrawal");
  const text = noticeText(w, w.status);
  return notify(tx, { userId, kind: "WITHDRAWAL", title: text.title, body: text.body, link: "/withdraw", dedupeKey: `withdrawal:${w.id}:${w.status.toLowerCase()}` });
}

/** Wakes the withdrawal's workflow (an approval, a rejection or a cancel), after the commit. */
export function announceDecision(tx: Tx, withdrawalId: string): Promise<string> {
  return enqueue(tx, { name: WITHDRAWAL_DECIDED, data: { withdrawalId } });
}
