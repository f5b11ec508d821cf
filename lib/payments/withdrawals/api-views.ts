/** Withdrawals as the JSON API answers them: cents as strings (JSON has no bigint), times as ISO strings. */
import { BadRequest, Forbidden } from "../../errors";
import type { WithdrawalView } from "./views";

export function withdrawalJson(w: WithdrawalView) {
  return {
    id: w.id,
    status: w.status.toLowerCase(),
    everything: w.everything,
    requestedAmount: w.requestedAmount?.toString() ?? null,
    heldAmount: w.heldAmount.toString(),
    paidAmount: w.paidAmount?.toString() ?? null,
    currency: w.currency,
    bank: w.bank,
    preview: w.preview,
    approvalReason: w.approvalReason,
    rejectionReason: w.rejectionReason,
    failureReason: w.failureReason,
    settlesAt: w.settlesAt?.toISOString() ?? null,
    createdAt: w.createdAt.toISOString(),
    paidAt: w.paidAt?.toISOString() ?? null,
    endedAt: w.endedAt?.toISOString() ?? null,
    cancellable: w.cancellable,
  };
}

/**
 * Money leaves only with a second factor proved in this session: personal API tokens (read-only, no second factor)
 * can list and preview withdrawals, never make or cancel one.
 */
export function refuseApiToken(request: Request): void {
  if (request.headers.get("authorization")) {
    throw new Forbidden("API tokens cannot withdraw money: they are read-only and cannot prove your second factor. Confirm the withdrawal in the app.");
  }
}

/** The client's Idempotency-Key header: the same key twice makes one withdrawal. */
export function idempotencyKeyOf(request: Request): string {
  const key = request.headers.get("idempotency-key")?.trim();
  if (!key || key.length < 8 || key.length > 200) {
    throw new BadRequest("idempotency_key_required", "Send an Idempotency-Key header (8 to 200 characters, e.g. a UUID): the same key twice makes one withdrawal.");
  }
  return key;
}
