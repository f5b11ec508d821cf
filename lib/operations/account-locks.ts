/**
 * The accounts that invest and rebalance runs hold, as operators see them, and what an admin can do about a run
 * that is stuck or lost: cancel it (Inngest stops it and its clean-up gives back what it held), or release its
 * account outright when Inngest no longer knows the run. Staff read; admins act; every act is audited.
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";
import { cancelInngestRun } from "./inngest-api";

export interface AccountLockView {
  investmentAccountId: string;
  investorName: string;
  kind: string;
  runKey: string;
  functionId: string | null;
  inngestRunId: string | null;
  acquiredAt: Date;
  /** Work waiting for the account. */
  queued: number;
  /** The holding run as recorded (null when no record of it exists: a lost run). */
  run: { status: string; waitingFor: string | null; updatedAt: Date } | null;
}

/** Every held account, longest held first (a few at a time in normal running: each is one run in flight). */
export async function listAccountLocks(actor: CurrentUser, limit = 50): Promise<AccountLockView[]> {
  if (!isStaff(actor.role)) throw new Forbidden("Only advisors and admins see workflow runs.");
  const locks = await db.accountRunLock.findMany({ orderBy: { acquiredAt: "asc" }, take: limit });
  if (locks.length === 0) return [];
  const accountIds = locks.map((lock) => lock.investmentAccountId);
  const [accounts, queued, runs] = await Promise.all([
    db.investmentAccount.findMany({ where: { id: { in: accountIds } }, select: { id: true, user: { select: { name: true } } } }),
    db.accountRunQueue.groupBy({ by: ["investmentAccountId"], where: { investmentAccountId: { in: accountIds } }, _count: { _all: true } }),
    db.workflowRun.findMany({
      where: { runId: { in: locks.flatMap((lock) => (lock.inngestRunId ? [lock.inngestRunId] : [])) } },
      select: { runId: true, status: true, waitingFor: true, updatedAt: true },
    }),
  ]);
  return locks.map((lock) => {
    const run = runs.find((r) => r.runId === lock.inngestRunId);
    return {
      investmentAccountId: lock.investmentAccountId,
      investorName: accounts.find((a) => a.id === lock.investmentAccountId)?.user.name ?? "unknown",
      kind: lock.kind,
      runKey: lock.runId,
      functionId: lock.functionId,
      inngestRunId: lock.inngestRunId,
      acquiredAt: lock.acquiredAt,
      queued: queued.find((q) => q.investmentAccountId === lock.investmentAccountId)?._count._all ?? 0,
      run: run ? { status: run.status, waitingFor: run.waitingFor, updatedAt: run.updatedAt } : null,
    };
  });
}

const releaseInput = z.object({
  investmentAccountId: z.uuid({ error: "Say which account to release." }),
  runKey: z.string({ error: "Say which run's hold to release." }).trim().min(1, "Say which run's hold to release.").max(300),
});

/**
 * An admin releases an account from the run holding it: the run is cancelled in Inngest first (if Inngest still
 * knows it), then the release is recorded and audited with an `account/run.release-requested` event in one
 * transaction; the release workflow withdraws the run's orders, settles what filled, gives back the held cash
 * and starts the work queued for the account. Naming the run key refuses a release of a hold taken meanwhile.
 * Returns the outbox row to send after the commit.
 */
export async function releaseAccountLock(actor: CurrentUser, input: unknown, context: RequestContext): Promise<{ outboxId: string; runCancelled: boolean }> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only an admin can release an account from its run.");
  const { investmentAccountId, runKey } = parseInput(releaseInput, input);
  const lock = await db.accountRunLock.findUnique({ where: { investmentAccountId } });
  if (!lock || lock.runId !== runKey) throw new Conflict("That run no longer holds the account: nothing to release.");
  // A run Inngest still drives is stopped first, so it takes no further step; one it does not know is lost.
  const runCancelled = lock.inngestRunId ? await cancelInngestRun(lock.inngestRunId) : false;
  return db.$transaction(async (tx) => {
    const still = await tx.accountRunLock.findUnique({ where: { investmentAccountId } });
    if (!still || still.runId !== runKey) throw new Conflict("That run no longer holds the account: nothing to release.");
    const dedupeKey = `account-release:${runKey}`;
    const existing = await tx.outboxEvent.findUnique({ where: { dedupeKey }, select: { id: true } });
    if (existing) throw new Conflict("This account's release was already asked for: it is under way.");
    await recordAudit(tx, {
      action: "ACCOUNT_RUN_LOCK_RELEASED",
      actorId: actor.id,
      target: { type: "InvestmentAccount", id: investmentAccountId },
      context,
      details: { runKey, kind: lock.kind, functionId: lock.functionId, inngestRunId: lock.inngestRunId, runCancelled },
    });
    const event = await tx.outboxEvent.create({
      data: { name: "account/run.release-requested", data: { investmentAccountId, runKey, requestedBy: actor.id }, dedupeKey },
      select: { id: true },
    });
    return { outboxId: event.id, runCancelled };
  });
}

const cancelInput = z.object({ runId: z.string({ error: "Say which run to cancel." }).trim().min(1, "Say which run to cancel.").max(200) });

/**
 * An admin cancels a running run through Inngest's API; Inngest stops it between steps and announces the
 * cancellation, which records it CANCELLED and (for invest and rebalance runs) gives back what it held. Audited.
 */
export async function cancelWorkflowRun(actor: CurrentUser, input: unknown, context: RequestContext): Promise<{ functionId: string }> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only an admin can cancel a workflow run.");
  const { runId } = parseInput(cancelInput, input);
  const run = await db.workflowRun.findUnique({ where: { runId }, select: { status: true, functionId: true } });
  if (!run) throw new NotFound("No such workflow run.");
  if (run.status !== "RUNNING") throw new Conflict(`This run is ${run.status.toLowerCase()}: only a running run can be cancelled.`);
  const cancelled = await cancelInngestRun(runId);
  if (!cancelled) throw new Conflict("Inngest no longer knows this run: if it holds an account, release the account instead.");
  await db.$transaction((tx) =>
    recordAudit(tx, { action: "WORKFLOW_RUN_CANCELED", actorId: actor.id, target: { type: "WorkflowRun", id: runId }, context, details: { functionId: run.functionId } }),
  );
  return { functionId: run.functionId };
}
