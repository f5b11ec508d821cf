import { recordAudit } from "../audit/record";
import type { Tx } from "../db";
import type { Deposit, DepositStatus, Prisma } from "../generated/prisma/client";
import { NO_REQUEST_CONTEXT } from "../http/request-context";

/** What a Stripe event did, as recorded on its StripeEvent row and answered to the route. */
export interface AppliedEvent {
  /** "applied", "duplicate", or "ignored: <why>" (recorded; Stripe gets a 200 and does not retry). */
  outcome: string;
  depositId: string | null;
  /** The withdrawal a treasury.outbound_payment event was about. */
  withdrawalId?: string | null;
  /** Outbox rows written with the change, to send once the transaction has committed. */
  outboxIds: string[];
}

export const applied = (depositId: string, outboxIds: string[] = []): AppliedEvent => ({ outcome: "applied", depositId, outboxIds });
export const ignored = (why: string, depositId: string | null = null): AppliedEvent => ({ outcome: `ignored: ${why}`, depositId, outboxIds: [] });

/** A settled deposit's status follows from what is still disputed and what is still refunded. */
export function settledStatus(deposit: Pick<Deposit, "amount" | "refundedAmount" | "disputedAmount">): DepositStatus {
  if (deposit.disputedAmount > 0n) return "DISPUTED";
  return deposit.refundedAmount >= deposit.amount ? "REFUNDED" : "SUCCEEDED";
}

/** The audit record of a change to a deposit, written by Stripe (no actor), in the change's transaction. */
export async function auditDeposit(tx: Tx, action: Parameters<typeof recordAudit>[1]["action"], deposit: Deposit, details: Prisma.InputJsonObject) {
  await recordAudit(tx, {
    action,
    actorId: null,
    target: { type: "Deposit", id: deposit.id },
    context: NO_REQUEST_CONTEXT,
    details: { investmentAccountId: deposit.investmentAccountId, ...details },
  });
}
