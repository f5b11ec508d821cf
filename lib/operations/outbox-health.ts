/**
 * The outbox as operators see it: how many events wait to be sent to Inngest, are being retried, or are
 * parked, and the parked ones. Staff read it (an ADVISOR read-only); only an ADMIN sends a parked event again
 * (requeue-outbox-event.ts).
 */
import { isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Forbidden } from "../errors";

/** Parked events listed, most recently parked first; the count says how many there are in all. */
export const PARKED_LISTED = 50;

export interface ParkedEventView {
  id: string;
  name: string;
  attempts: number;
  lastError: string | null;
  parkedAt: Date;
  createdAt: Date;
}

export interface OutboxHealth {
  /** Unsent and never refused: due now, or planned for later. */
  waiting: number;
  /** Of those waiting, the ones planned for later. */
  plannedLater: number;
  /** Refused (or not answered) at least once and to be tried again. */
  retrying: number;
  parked: number;
  /** Since when the longest-due event has been due: the sweeper takes every due event each minute. */
  oldestDueSince: Date | null;
  parkedEvents: ParkedEventView[];
}

export async function outboxHealth(actor: CurrentUser, now = new Date()): Promise<OutboxHealth> {
  if (!isStaff(actor.role)) throw new Forbidden("Only advisors and admins see the outbox.");
  // One pass over the unsent rows (the index on sentAt, parkedAt, nextAttemptAt), however many were sent.
  const [[counts], parkedEvents] = await Promise.all([
    db.$queryRaw<Omit<OutboxHealth, "parkedEvents">[]>`
      SELECT count(*) FILTER (WHERE "parkedAt" IS NULL AND "lastError" IS NULL)::int AS waiting,
             count(*) FILTER (WHERE "parkedAt" IS NULL AND "lastError" IS NULL AND "nextAttemptAt" > ${now})::int AS "plannedLater",
             count(*) FILTER (WHERE "parkedAt" IS NULL AND "lastError" IS NOT NULL)::int AS retrying,
             count(*) FILTER (WHERE "parkedAt" IS NOT NULL)::int AS parked,
             min("nextAttemptAt") FILTER (WHERE "parkedAt" IS NULL AND "nextAttemptAt" <= ${now}) AS "oldestDueSince"
      FROM "OutboxEvent" WHERE "sentAt" IS NULL`,
    db.outboxEvent.findMany({
      where: { sentAt: null, parkedAt: { not: null } },
      orderBy: [{ parkedAt: "desc" }, { id: "desc" }],
      take: PARKED_LISTED,
      select: { id: true, name: true, attempts: true, lastError: true, parkedAt: true, createdAt: true },
    }),
  ]);
  return { ...counts!, parkedEvents: parkedEvents.map((event) => ({ ...event, parkedAt: event.parkedAt! })) };
}
