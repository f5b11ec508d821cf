import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { enqueue } from "../outbox/outbox";
import { parseInput } from "../validation";

const retryInput = z.object({ runId: z.string({ error: "Say which run to retry." }).trim().min(1, "Say which run to retry.").max(200) });

/**
 * An admin retries a run that failed for good by sending its event again, once: the event goes into the
 * outbox with a new id (sent after commit; the caller dispatches `outboxId`), and the run is claimed with
 * a conditional update in the same transaction, so two retries at once send one event. Audited.
 */
export async function retryRun(actor: CurrentUser, input: unknown, context: RequestContext): Promise<{ outboxId: string; functionId: string }> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only an admin can retry a workflow run.");
  const { runId } = parseInput(retryInput, input);
  return db.$transaction(async (tx) => {
    const run = await tx.workflowRun.findUnique({ where: { runId } });
    if (!run) throw new NotFound("No such workflow run.");
    if (run.status === "COMPLETED") throw new Conflict("This run completed successfully: there is nothing to retry.");
    if (run.status === "RUNNING") throw new Conflict("This run is still running: only a failed run can be retried.");
    if (run.retryEventId) throw new Conflict("This run has already been retried.");
    // Inngest's own events (a schedule, a failure notice) cannot be sent by the app.
    if (run.eventName.startsWith("inngest/")) {
      throw new Conflict("This run was started by Inngest itself (a schedule or a failure handler): its next scheduled run does the work.");
    }
    // `resumeRunId` names the work the failed run began (invest and rebalance runs key every step on their
    // triggering event's id): the retry picks it up where it stopped, held cash and placed orders included,
    // rather than starting afresh beside it. A retry of a retry resumes the same original work.
    const data = run.eventData as Prisma.JsonObject;
    const resumeRunId = typeof data.resumeRunId === "string" ? data.resumeRunId : run.eventId;
    const outboxId = await enqueue(tx, { name: run.eventName, data: resumeRunId ? { ...data, resumeRunId } : data });
    const claimed = await tx.workflowRun.updateMany({
      where: { runId, status: "FAILED", retryEventId: null },
      data: { retryEventId: outboxId, retriedAt: new Date(), retriedById: actor.id },
    });
    // Another retry committed first (this one waited on the row): roll back, outbox row included.
    if (claimed.count === 0) throw new Conflict("This run has already been retried.");
    await recordAudit(tx, {
      action: "WORKFLOW_RUN_RETRIED",
      actorId: actor.id,
      target: { type: "WorkflowRun", id: runId },
      context,
      details: { functionId: run.functionId, eventName: run.eventName, retryEventId: outboxId },
    });
    return { outboxId, functionId: run.functionId };
  });
}
