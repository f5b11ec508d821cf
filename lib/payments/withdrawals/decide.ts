/**
 * People deciding about a withdrawal before anything is sold: the investor cancels it, an advisor (of that client)
 * or an admin approves or rejects one that waits for review. Each is one transaction under the withdrawal's lock,
 * audited, and wakes the workflow through the outbox.
 */
import { z } from "zod";
import { clientFor } from "../../advisor/clients";
import type { CurrentUser } from "../../auth/sessions";
import { db } from "../../db";
import { Conflict, Forbidden, NotFound } from "../../errors";
import type { Withdrawal } from "../../generated/prisma/client";
import type { RequestContext } from "../../http/request-context";
import { parseInput } from "../../validation";
import { investmentAccountOf } from "../deposits";
import { isCancellable } from "../withdrawal-rules";
import { releaseHeld } from "./money";
import { announceDecision, lockWithdrawal, moveWithdrawal } from "./record";

const idInput = z.object({ withdrawalId: z.uuid({ error: "No such withdrawal." }) });
const rejectInput = idInput.extend({ reason: z.string().trim().min(3, "Say why it is rejected.").max(500) });

type Decided = { withdrawal: Withdrawal; outboxIds: string[] };

/** The investor cancels their own withdrawal, until selling starts; the cash it held is available again. */
export async function cancelWithdrawal(user: CurrentUser, input: unknown, context: RequestContext): Promise<Decided> {
  const { withdrawalId } = parseInput(idInput, input);
  const account = await investmentAccountOf(user);
  return db.$transaction(async (tx) => {
    const w = await lockWithdrawal(tx, withdrawalId);
    if (!w || w.investmentAccountId !== account.id) throw new NotFound("No such withdrawal.");
    if (w.status === "CANCELLED") return { withdrawal: w, outboxIds: [] };
    if (!isCancellable(w.status)) throw new Conflict("Selling has started, so this withdrawal can no longer be cancelled.");
    await releaseHeld(tx, w);
    const moved = await moveWithdrawal(tx, w, "CANCELLED", { actorId: user.id, context });
    return { ...moved, outboxIds: [...moved.outboxIds, await announceDecision(tx, w.id)] };
  });
}

/** The withdrawal, when `actor` is staff who may act for its owner (their advisor, or an admin). */
async function forStaff(actor: CurrentUser, withdrawalId: string, context: RequestContext) {
  if (actor.role !== "ADVISOR" && actor.role !== "ADMIN") throw new Forbidden("Only advisors approve withdrawals.");
  const found = await db.withdrawal.findUnique({ where: { id: withdrawalId }, select: { investmentAccount: { select: { userId: true } } } });
  if (!found) throw new NotFound("No such withdrawal.");
  await clientFor(actor, found.investmentAccount.userId, context);
}

export async function approveWithdrawal(actor: CurrentUser, input: unknown, context: RequestContext): Promise<Decided> {
  const { withdrawalId } = parseInput(idInput, input);
  await forStaff(actor, withdrawalId, context);
  return db.$transaction(async (tx) => {
    const w = (await lockWithdrawal(tx, withdrawalId))!;
    if (w.status !== "AWAITING_APPROVAL") throw new Conflict(`This withdrawal is ${w.status.toLowerCase().replace("_", " ")}: there is nothing to approve.`);
    const moved = await moveWithdrawal(tx, w, "REQUESTED", {
      actorId: actor.id,
      context,
      action: "WITHDRAWAL_APPROVED",
      data: { approvedById: actor.id, approvedAt: new Date() },
      details: { approvalReason: w.approvalReason },
    });
    return { ...moved, outboxIds: [...moved.outboxIds, await announceDecision(tx, w.id)] };
  });
}

export async function rejectWithdrawal(actor: CurrentUser, input: unknown, context: RequestContext): Promise<Decided> {
  const { withdrawalId, reason } = parseInput(rejectInput, input);
  await forStaff(actor, withdrawalId, context);
  return db.$transaction(async (tx) => {
    const w = (await lockWithdrawal(tx, withdrawalId))!;
    if (w.status !== "AWAITING_APPROVAL") throw new Conflict(`This withdrawal is ${w.status.toLowerCase().replace("_", " ")}: there is nothing to reject.`);
    await releaseHeld(tx, w);
    const moved = await moveWithdrawal(tx, w, "REJECTED", {
      actorId: actor.id,
      context,
      data: { rejectedById: actor.id, rejectedAt: new Date(), rejectionReason: reason },
      details: { reason },
    });
    return { ...moved, outboxIds: [...moved.outboxIds, await announceDecision(tx, w.id)] };
  });
}
