/**
 * The workflow-run records written by the Inngest middleware (inngest/record-runs.ts): one row per run,
 * RUNNING while it executes, then COMPLETED or FAILED. Recording is best effort by design: a run must never
 * fail because its record could not be written, so callers catch and log.
 */
import { db } from "../db";

export interface RunIdentity {
  runId: string;
  /** The function's full id, as Inngest names it (e.g. "autovest-invest-account"). */
  functionId: string;
  event: { id?: string | null; name: string; data: unknown };
}

export type RunState = { status: "RUNNING"; attempt: number } | { status: "COMPLETED" } | { status: "FAILED"; error: string } | { status: "CANCELLED" };

const MAX_ERROR = 2000;

/**
 * Upserts the run's row in one statement. RUNNING refreshes `updatedAt` (what "stuck" is measured from)
 * and keeps the highest attempt seen; a finished run is never moved back, so a late or repeated request
 * changes nothing.
 */
export async function recordRun(run: RunIdentity, state: RunState): Promise<void> {
  const attempts = state.status === "RUNNING" ? state.attempt + 1 : 1;
  const error = state.status === "FAILED" ? state.error.slice(0, MAX_ERROR) : null;
  const eventData = JSON.stringify(run.event.data ?? {});
  await db.$executeRaw`
    INSERT INTO "WorkflowRun" ("runId", "functionId", "eventName", "eventData", "eventId", "status", "attempts", "error", "startedAt", "finishedAt", "updatedAt")
    VALUES (${run.runId}, ${run.functionId}, ${run.event.name}, ${eventData}::jsonb, ${run.event.id ?? null}, ${state.status}::"WorkflowRunStatus", ${attempts}, ${error},
            now(), CASE WHEN ${state.status} = 'RUNNING' THEN NULL ELSE now() END, now())
    ON CONFLICT ("runId") DO UPDATE SET
      "eventId" = coalesce("WorkflowRun"."eventId", excluded."eventId"),
      "status" = excluded."status",
      "attempts" = greatest("WorkflowRun"."attempts", excluded."attempts"),
      "error" = excluded."error",
      "finishedAt" = excluded."finishedAt",
      "waitingFor" = CASE WHEN excluded."status" = 'RUNNING' THEN "WorkflowRun"."waitingFor" ELSE NULL END,
      "updatedAt" = now()
    WHERE "WorkflowRun"."status" = 'RUNNING'`;
}

/**
 * Records what a running run is waiting for on purpose (or that it no longer waits, with null): the operations
 * page shows it, and a waiting run is not called stuck. Written by the run's own steps.
 */
export async function markRunWaiting(runId: string, waitingFor: string | null): Promise<void> {
  await db.workflowRun.updateMany({ where: { runId, status: "RUNNING" }, data: { waitingFor } });
}

/** An error as an operator reads it: its message, not a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}
