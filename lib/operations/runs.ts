/**
 * Workflow runs as operators see them: recent runs, failures and stuck runs. Staff read them (an ADVISOR
 * read-only); only an ADMIN retries one (retry-run.ts).
 */
import { z } from "zod";
import { isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { lastSessionAtOrBefore } from "../brokerage/market-calendar";
import { db } from "../db";
import { Forbidden } from "../errors";
import type { Prisma, WorkflowRunStatus } from "../generated/prisma/client";

/** A RUNNING run whose record has not moved for this long is stuck: nothing is driving it any more. */
export const STUCK_AFTER_MS = 30 * 60_000;

/**
 * Functions that sleep until the market opens when it is shut (or retry then): a night or a weekend without a
 * move is them waiting, not stuck. They are stuck once they have not moved for 30 minutes of an open market.
 */
export const MARKET_BOUND_FUNCTIONS = ["autovest-invest-account", "autovest-rebalance-account", "autovest-model-migration"];
export const RUNS_PER_PAGE = 25;

export interface RunView {
  runId: string;
  functionId: string;
  eventName: string;
  status: WorkflowRunStatus;
  /** What a running run waits for on purpose (a halt to be lifted, the market to open): waiting, not stuck. */
  waitingFor: string | null;
  stuck: boolean;
  attempts: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  updatedAt: Date;
  retriedAt: Date | null;
  retryEventId: string | null;
}

function assertStaff(actor: CurrentUser): void {
  if (!isStaff(actor.role)) throw new Forbidden("Only advisors and admins see workflow runs.");
}

/**
 * The instants before which a RUNNING run's last move makes it stuck at `now`: 30 minutes ago for any run; for a
 * market-bound run, 30 minutes ago or the close of the last session that opened before then, whichever is
 * earlier (a run that went quiet after that close is waiting for the next open, which is not 30 minutes old).
 */
function quietBefore(now: Date): { any: Date; marketBound: Date } {
  const any = new Date(now.getTime() - STUCK_AFTER_MS);
  const session = lastSessionAtOrBefore(any);
  return { any, marketBound: !session ? any : session.close < any ? session.close : any };
}

/** RUNNING runs that are stuck at `now`, as a query. */
export function stuckRunsWhere(now: Date): Prisma.WorkflowRunWhereInput {
  const before = quietBefore(now);
  return {
    status: "RUNNING",
    waitingFor: null,
    OR: [
      { functionId: { notIn: MARKET_BOUND_FUNCTIONS }, updatedAt: { lt: before.any } },
      { functionId: { in: MARKET_BOUND_FUNCTIONS }, updatedAt: { lt: before.marketBound } },
    ],
  };
}

function toView(row: Omit<RunView, "stuck">, now: Date): RunView {
  const before = quietBefore(now);
  const limit = MARKET_BOUND_FUNCTIONS.includes(row.functionId) ? before.marketBound : before.any;
  return { ...row, stuck: row.status === "RUNNING" && row.waitingFor === null && row.updatedAt < limit };
}

const SELECT = {
  runId: true,
  functionId: true,
  eventName: true,
  status: true,
  waitingFor: true,
  attempts: true,
  error: true,
  startedAt: true,
  finishedAt: true,
  updatedAt: true,
  retriedAt: true,
  retryEventId: true,
} as const;

const runQuery = z.object({
  status: z.enum(["RUNNING", "COMPLETED", "FAILED", "CANCELLED"]).optional().catch(undefined),
  functionId: z.string().trim().min(1).max(200).optional().catch(undefined),
  /** "<startedAt ISO>_<runId>" of the last run on the previous page. */
  cursor: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_.{1,200}$/)
    .refine((cursor) => !Number.isNaN(Date.parse(cursor.slice(0, cursor.indexOf("_")))))
    .optional()
    .catch(undefined),
});

export type RunQuery = z.infer<typeof runQuery>;

/** Reads filters from a query string; anything malformed is ignored rather than refused. */
export function parseRunQuery(params: Record<string, string | string[] | undefined>): RunQuery {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
  return runQuery.parse({ status: first(params.status), functionId: first(params.functionId), cursor: first(params.cursor) });
}

/** Runs newest first, a page at a time (keyset on start time, then run id). */
export async function listRuns(actor: CurrentUser, query: RunQuery, now = new Date()): Promise<{ runs: RunView[]; nextCursor: string | null }> {
  assertStaff(actor);
  const where: Prisma.WorkflowRunWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.functionId ? { functionId: query.functionId } : {}),
  };
  if (query.cursor) {
    const split = query.cursor.indexOf("_");
    const startedAt = new Date(query.cursor.slice(0, split));
    const runId = query.cursor.slice(split + 1);
    where.OR = [{ startedAt: { lt: startedAt } }, { startedAt, runId: { lt: runId } }];
  }
  const rows = await db.workflowRun.findMany({
    where,
    orderBy: [{ startedAt: "desc" }, { runId: "desc" }],
    take: RUNS_PER_PAGE + 1,
    select: SELECT,
  });
  const page = rows.slice(0, RUNS_PER_PAGE).map((row) => toView(row, now));
  const last = page[page.length - 1];
  return { runs: page, nextCursor: rows.length > RUNS_PER_PAGE && last ? `${last.startedAt.toISOString()}_${last.runId}` : null };
}

/** The functions that have runs, for the filter. */
export async function runFunctions(actor: CurrentUser): Promise<string[]> {
  assertStaff(actor);
  // GROUP BY in the database (Prisma's `distinct` would read every run and dedupe in memory).
  const rows = await db.workflowRun.groupBy({ by: ["functionId"], orderBy: { functionId: "asc" } });
  return rows.map((row) => row.functionId);
}

/** For the overview: runs that failed in the last 24 hours, and runs stuck now. */
export async function runCounts(actor: CurrentUser, now = new Date()): Promise<{ failedLastDay: number; stuck: number }> {
  assertStaff(actor);
  const [failedLastDay, stuck] = await Promise.all([
    db.workflowRun.count({ where: { status: "FAILED", finishedAt: { gte: new Date(now.getTime() - 24 * 3600_000) } } }),
    db.workflowRun.count({ where: stuckRunsWhere(now) }),
  ]);
  return { failedLastDay, stuck };
}

/**
 * What needs an operator: failed runs not yet retried (and those retried in the last day, so the retry
 * shows where it was asked for), and stuck runs; newest first, 50 of each at most.
 */
export async function runsNeedingAttention(actor: CurrentUser, now = new Date()): Promise<{ failed: RunView[]; stuck: RunView[] }> {
  assertStaff(actor);
  const [failed, stuck] = await Promise.all([
    db.workflowRun.findMany({
      where: { status: "FAILED", OR: [{ retryEventId: null }, { retriedAt: { gte: new Date(now.getTime() - 24 * 3600_000) } }] },
      orderBy: { startedAt: "desc" },
      take: 50,
      select: SELECT,
    }),
    db.workflowRun.findMany({ where: stuckRunsWhere(now), orderBy: { startedAt: "desc" }, take: 50, select: SELECT }),
  ]);
  return { failed: failed.map((row) => toView(row, now)), stuck: stuck.map((row) => toView(row, now)) };
}
