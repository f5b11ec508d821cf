/**
 * One invest or rebalance run per account at a time, held in the database (not only by Inngest, whose
 * concurrency keys count executing steps: a run asleep until the market opens holds no slot there). Work that
 * finds the account busy does not wait or fail: it joins the account's queue and its run ends; releasing the
 * lock starts the oldest queued work through the outbox, in the same transaction, so nothing waits on a clock
 * or is lost between a check and a wait.
 */
import { db, type Tx } from "../db";
import { DomainError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { enqueue } from "../outbox/outbox";

export type RunKind = "invest" | "rebalance" | "fee" | "withdraw";

/** The Inngest run holding the lock, for operators and for the clean-up after a cancellation. */
export interface RunOwner {
  functionId: string;
  inngestRunId: string;
}

/** What to start when the account's turn comes, if it is busy now. */
export interface QueuedWork {
  /** Work with the same key waits once ("invest": the first queued run invests all the cash). */
  dedupeKey: string;
  eventName: string;
  eventData: Prisma.InputJsonObject;
}

export type Claim = { acquired: true } | { acquired: false; heldBy: string; queued: boolean };

/** Serialises claims and releases of one account (a transaction-scoped advisory lock: no row is held). */
async function lockAccount(tx: Tx, investmentAccountId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`account-run:${investmentAccountId}`}, 0))`;
}

/**
 * Takes the account for `runKey` (again, if it already holds it: a step run twice), or queues `work` behind
 * the run that holds it. Without `work`, a busy account is only reported.
 */
export async function claimAccount(
  investmentAccountId: string,
  runKey: string,
  kind: RunKind,
  owner: RunOwner | null,
  work?: QueuedWork,
): Promise<Claim> {
  return db.$transaction(async (tx) => {
    await lockAccount(tx, investmentAccountId);
    const lock = await tx.accountRunLock.findUnique({ where: { investmentAccountId } });
    if (!lock) {
      await tx.accountRunLock.create({
        data: { investmentAccountId, runId: runKey, kind, functionId: owner?.functionId ?? null, inngestRunId: owner?.inngestRunId ?? null },
      });
      return { acquired: true };
    }
    if (lock.runId === runKey) {
      // The same work, resumed by another Inngest run (an operator's retry): it becomes the owner.
      if (owner && lock.inngestRunId !== owner.inngestRunId) {
        await tx.accountRunLock.update({ where: { investmentAccountId }, data: { functionId: owner.functionId, inngestRunId: owner.inngestRunId } });
      }
      return { acquired: true };
    }
    if (!work) return { acquired: false, heldBy: lock.runId, queued: false };
    await tx.accountRunQueue.createMany({
      data: [{ investmentAccountId, dedupeKey: work.dedupeKey, eventName: work.eventName, eventData: work.eventData, queuedBy: runKey }],
      skipDuplicates: true,
    });
    return { acquired: false, heldBy: lock.runId, queued: true };
  });
}

/**
 * Releases the account if `runKey` holds it, and starts the oldest queued work: its event goes into the outbox
 * in the same transaction (the row's id is the event id, so the next run is started once). Returns that outbox
 * row for the caller to send after the commit. Also starts queued work on an account nobody holds (a lock lost
 * with its run), so a queue is never left waiting for a release that will not come.
 */
export async function releaseAccount(investmentAccountId: string, runKey: string): Promise<{ released: boolean; next: string | null }> {
  return db.$transaction(async (tx) => {
    await lockAccount(tx, investmentAccountId);
    const { count } = await tx.accountRunLock.deleteMany({ where: { investmentAccountId, runId: runKey } });
    const held = await tx.accountRunLock.findUnique({ where: { investmentAccountId }, select: { runId: true } });
    return { released: count > 0, next: held ? null : await startNextQueued(tx, investmentAccountId) };
  });
}

async function startNextQueued(tx: Tx, investmentAccountId: string): Promise<string | null> {
  const next = await tx.accountRunQueue.findFirst({ where: { investmentAccountId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  if (!next) return null;
  await tx.accountRunQueue.delete({ where: { id: next.id } });
  return enqueue(tx, { name: next.eventName, data: next.eventData as Prisma.InputJsonObject });
}

/** The work a lock stands for (the account, its run key and kind). */
function heldWork(lock: { investmentAccountId: string; runId: string; kind: string }) {
  return { investmentAccountId: lock.investmentAccountId, runKey: lock.runId, kind: lock.kind as RunKind };
}

/** What a cancelled Inngest run held, if it held an account (only invest and rebalance runs do). */
export async function heldWorkOfCancelledRun(cancelled: { function_id?: unknown; run_id?: unknown }) {
  if (typeof cancelled.run_id !== "string") return null;
  const lock = await db.accountRunLock.findFirst({ where: { inngestRunId: cancelled.run_id } });
  return lock ? heldWork(lock) : null;
}

/** The work holding an account, if it is still `runKey` (an admin's release names the run it saw). */
export async function heldWorkOfAccount(investmentAccountId: string, runKey: string) {
  const lock = await db.accountRunLock.findFirst({ where: { investmentAccountId, runId: runKey } });
  return lock ? heldWork(lock) : null;
}

/** The account was released from under a run (an admin released it): the run must not go on trading. */
export class AccountReleased extends DomainError {
  readonly code = "account_released";
  readonly status = 409;
  constructor(runKey: string) {
    super(`The account is no longer held by run ${runKey}: an operator released it, and its work was given back.`);
  }
}

/** Refuses to go on unless `runKey` still holds the account (checked before money is held or orders placed). */
export async function assertHolds(investmentAccountId: string, runKey: string): Promise<void> {
  const lock = await db.accountRunLock.findUnique({ where: { investmentAccountId }, select: { runId: true } });
  if (lock?.runId !== runKey) throw new AccountReleased(runKey);
}
