import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";

const requeueInput = z.object({ eventId: z.uuid({ error: "Say which parked event to send again." }) });

/**
 * An admin sends a parked outbox event again: it goes back in line, due now, with a fresh set of attempts
 * (the caller dispatches `eventId` after the commit). A conditional update, so two admins at once requeue it
 * once; the audit record, with the attempts and error it was parked with, is written in the same transaction.
 */
export async function requeueOutboxEvent(actor: CurrentUser, input: unknown, context: RequestContext): Promise<{ eventId: string; name: string }> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only an admin can send a parked event again.");
  const { eventId } = parseInput(requeueInput, input);
  return db.$transaction(async (tx) => {
    const event = await tx.outboxEvent.findUnique({ where: { id: eventId }, select: { name: true, attempts: true, lastError: true, parkedAt: true } });
    if (!event) throw new NotFound("No such outbox event.");
    // Due by the database's clock, the one dispatchers compare with.
    const requeued = await tx.$executeRaw`
      UPDATE "OutboxEvent" SET "parkedAt" = NULL, attempts = 0, "nextAttemptAt" = clock_timestamp()
      WHERE id = ${eventId}::uuid AND "sentAt" IS NULL AND "parkedAt" IS NOT NULL`;
    if (requeued === 0) throw new Conflict("This event is not parked: it has been sent again already.");
    await recordAudit(tx, {
      action: "OUTBOX_EVENT_REQUEUED",
      actorId: actor.id,
      target: { type: "OutboxEvent", id: eventId },
      context,
      details: { name: event.name, attempts: event.attempts, lastError: event.lastError, parkedAt: event.parkedAt?.toISOString() ?? null },
    });
    return { eventId, name: event.name };
  });
}
