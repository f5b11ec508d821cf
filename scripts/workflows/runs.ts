/** What the stand-in keeps about events and runs, and what it shows tests of them. */

export interface InngestEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  /** Milliseconds since the epoch. */
  ts: number;
  v?: string;
}

/** A memoized step, as the SDK receives it in `steps`. */
export type Memo = { type: "data"; data: unknown } | { type: "error"; error: unknown };

export type RunStatus = "running" | "completed" | "failed" | "cancelled";

/**
 * Where a running run is: waiting for a concurrency slot (queued), with a request to the app in flight
 * (executing), in step.sleep (sleeping), in step.waitForEvent or step.invoke (waiting), or before a retry
 * (retrying). Only `executing` holds concurrency slots, as on Inngest.
 */
export type RunState = "queued" | "executing" | "sleeping" | "waiting" | "retrying" | "finished";

export type Wait =
  | { kind: "sleep"; opId: string; name: string }
  | { kind: "event"; opId: string; name: string; event: string; if: string | null }
  | { kind: "invoke"; opId: string; name: string; childRunId: string };

/** A run as the stand-in keeps it (in memory and, as JSON, in PostgreSQL). Times are ISO strings. */
export interface StoredRun {
  runId: string;
  functionId: string;
  event: InngestEvent;
  status: RunStatus;
  state: RunState;
  memo: Record<string, Memo>;
  /** Memoized step ids in the order they completed (the SDK's `stack`). */
  stack: string[];
  stepNames: string[];
  /** The attempt (from 0) the next request makes at the current step; each step has its own retries. */
  attempt: number;
  /** Attempts made at the latest step so far (see RunRecord.attempts). */
  latestAttempts: number;
  requests: number;
  /** Bytes of run state: the event and every step's output (Inngest's 32 MB limit). */
  stateBytes: number;
  /** Steps the SDK planned in parallel, run one after another before the next discovery request. */
  planned: { id: string; name: string }[];
  /** When a sleep ends, or a wait for an event or an invoked run times out (on the stand-in's clock). */
  wakeAt: string | null;
  /** When a failed attempt is retried (real time: backoff is not on the stand-in's clock). */
  retryAt: string | null;
  wait: Wait | null;
  /** For a run started by step.invoke: the run and step waiting for its result. */
  parent: { runId: string; opId: string } | null;
  output?: unknown;
  error?: unknown;
  startedAt: string;
  finishedAt: string | null;
}

/** A run as tests see it. */
export interface RunRecord {
  runId: string;
  functionId: string;
  event: InngestEvent;
  status: RunStatus;
  state: RunState;
  /** Display names of the memoized steps, in order ("… (failed)" for a step that failed for good). */
  steps: string[];
  /** Attempts made at the latest step: 1 if it succeeded first time, 5 after Inngest's default 4 retries. */
  attempts: number;
  /** Requests made to the app over the whole run. */
  requests: number;
  output?: unknown;
  error?: unknown;
  wakeAt: Date | null;
  retryAt: Date | null;
  waitingFor: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export function runRecord(run: StoredRun): RunRecord {
  return {
    runId: run.runId,
    functionId: run.functionId,
    event: run.event,
    status: run.status,
    state: run.state,
    steps: [...run.stepNames],
    attempts: run.latestAttempts,
    requests: run.requests,
    output: run.output,
    error: run.error,
    wakeAt: run.wakeAt ? new Date(run.wakeAt) : null,
    retryAt: run.retryAt ? new Date(run.retryAt) : null,
    waitingFor: run.wait?.kind === "event" ? run.wait.event : run.wait?.kind === "invoke" ? `run ${run.wait.childRunId}` : null,
    startedAt: new Date(run.startedAt),
    finishedAt: run.finishedAt ? new Date(run.finishedAt) : null,
  };
}
