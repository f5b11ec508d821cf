/**
 * How long workflow-run records are kept. The crons alone write about 3,000 a day (the audit seal and the outbox
 * sweeper every minute, the price sync every ten), so finished runs are deleted once nobody will look for them:
 * completed and cancelled runs after 30 days, failed ones after 90 (an operator may still be working through them). Running
 * runs are never deleted: one that is stuck stays on the operations page until someone deals with it.
 */
import { db } from "../db";

export const KEEP_COMPLETED_DAYS = 30;
export const KEEP_FAILED_DAYS = 90;

/** Rows deleted per statement: short transactions that never hold many locks at once. */
export const PRUNE_BATCH = 5_000;

const DAY_MS = 86_400_000;

/**
 * Deletes one batch of finished runs that are past their keeping time at `now`; returns how many went. A caller
 * repeats it until fewer than `batch` go.
 */
export async function pruneWorkflowRuns(now = new Date(), batch = PRUNE_BATCH): Promise<number> {
  const completedBefore = new Date(now.getTime() - KEEP_COMPLETED_DAYS * DAY_MS);
  const failedBefore = new Date(now.getTime() - KEEP_FAILED_DAYS * DAY_MS);
  return db.$executeRaw`
    DELETE FROM "WorkflowRun" WHERE "runId" IN (
      SELECT "runId" FROM "WorkflowRun"
      WHERE ("status" IN ('COMPLETED', 'CANCELLED') AND "startedAt" < ${completedBefore}) OR ("status" = 'FAILED' AND "startedAt" < ${failedBefore})
      LIMIT ${batch}
    )`;
}
