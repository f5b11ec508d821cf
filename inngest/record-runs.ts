import { internalEvents, Middleware } from "inngest";
import { describeError, recordRun, type RunIdentity, type RunState } from "@/lib/operations/record-run";

/**
 * Records every run in WorkflowRun (lib/operations), for the operations page:
 * - each request of a run (its first, every step, every retry) upserts it RUNNING with the attempt: the
 *   refreshed `updatedAt` is how a run that stopped being driven shows as stuck;
 * - the SDK reports the end: COMPLETED, or FAILED on the final attempt (retries exhausted, or not retriable);
 * - a failure handler's run (`inngest/function.failed`, which Inngest sends after the last retry) marks the
 *   run it handles FAILED too. That comes from Inngest itself, so it also covers a last attempt the app
 *   never answered (a crash, a timeout) for the functions that have one; any other run the SDK never saw end
 *   stays RUNNING and is shown as stuck after 30 minutes;
 * - a run of a function triggered by `inngest/function.cancelled` marks the cancelled run CANCELLED.
 * A run never fails because of this: every write is caught and logged.
 */
export class RunRecorder extends Middleware.BaseMiddleware {
  readonly id = "autovest-run-recorder";

  override async wrapFunctionHandler({ ctx, fn, next }: Middleware.WrapFunctionHandlerArgs): Promise<unknown> {
    const ended = endedRunOf(ctx.event);
    if (ended) await quietly(ended.run, ended.state);
    await quietly(this.identify(ctx, fn), { status: "RUNNING", attempt: ctx.attempt });
    return next();
  }

  override async onRunComplete({ ctx, fn }: Middleware.OnRunCompleteArgs): Promise<void> {
    await quietly(this.identify(ctx, fn), { status: "COMPLETED" });
  }

  override async onRunError({ ctx, fn, error, isFinalAttempt }: Middleware.OnRunErrorArgs): Promise<void> {
    if (isFinalAttempt) await quietly(this.identify(ctx, fn), { status: "FAILED", error: describeError(error) });
  }

  /** A failure handler runs as its function with the failure event: it is recorded as "<function>-failure". */
  private identify(ctx: Middleware.OnRunStartArgs["ctx"], fn: Middleware.OnRunStartArgs["fn"]): RunIdentity {
    const functionId = fn.id(this.client.id);
    const isFailureHandler = ctx.event.name === internalEvents.FunctionFailed;
    return {
      runId: ctx.runId,
      functionId: isFailureHandler ? `${functionId}-failure` : functionId,
      event: { id: ctx.event.id ?? null, name: ctx.event.name, data: ctx.event.data },
    };
  }
}

/** The run a failure or cancellation event reports, and how it ended. */
function endedRunOf(event: { name: string; data?: unknown }): { run: RunIdentity; state: RunState } | null {
  if (event.name !== internalEvents.FunctionFailed && event.name !== internalEvents.FunctionCancelled) return null;
  const data = event.data as { run_id?: unknown; function_id?: unknown; error?: unknown; event?: { id?: unknown; name?: unknown; data?: unknown } };
  if (typeof data.run_id !== "string" || typeof data.function_id !== "string") return null;
  const run: RunIdentity = {
    runId: data.run_id,
    functionId: data.function_id,
    event: { id: typeof data.event?.id === "string" ? data.event.id : null, name: String(data.event?.name ?? "unknown"), data: data.event?.data ?? {} },
  };
  return { run, state: event.name === internalEvents.FunctionCancelled ? { status: "CANCELLED" } : { status: "FAILED", error: describeError(data.error) } };
}

async function quietly(run: RunIdentity, state: RunState): Promise<void> {
  try {
    await recordRun(run, state);
  } catch (error) {
    console.error(`[workflows] could not record run ${run.runId} of ${run.functionId} as ${state.status}:`, describeError(error));
  }
}
