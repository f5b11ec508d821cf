import type { Tx } from "../db";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { planRequests, type OutgoingEvent } from "./event-api-limits";
import { afterRefusal } from "./retry-schedule";

export interface OutboxMessage {
  name: string;
  data: Prisma.InputJsonObject;
  /** Written at most once for this key: an enqueue run again (a retried step) returns the first row's id. */
  dedupeKey?: string;
  /** Not sent before this time: a delivery planned for later. */
  notBefore?: Date;
}

/**
 * Writes an event in the caller's transaction; it is sent only if that transaction commits. With a
 * `dedupeKey` already written, writes nothing and returns the existing row's id.
 */
export async function enqueue(tx: Tx, message: OutboxMessage): Promise<string> {
  const row = { name: message.name, data: message.data, dedupeKey: message.dedupeKey, nextAttemptAt: message.notBefore };
  if (!message.dedupeKey) return (await tx.outboxEvent.create({ data: row, select: { id: true } })).id;
  // INSERT … ON CONFLICT DO NOTHING: a concurrent writer of the same key is waited for, then nothing is
  // written; a unique-violation error instead would abort the caller's whole transaction.
  const [created] = await tx.outboxEvent.createManyAndReturn({ data: [row], skipDuplicates: true, select: { id: true } });
  if (created) return created.id;
  return (await tx.outboxEvent.findUniqueOrThrow({ where: { dedupeKey: message.dedupeKey }, select: { id: true } })).id;
}

/** Inngest answered that it will not take these events (a 4xx about their content): not an outage. */
export class EventsRefused extends Error {
  override readonly name = "EventsRefused";
}

/**
 * Posts events to Inngest in one request. Resolves once they are accepted; rejects with EventsRefused when
 * Inngest refuses them, and with any other error when it could not answer (unreachable, 5xx, 429).
 */
export type SendEvents = (events: OutgoingEvent[], signal: AbortSignal) => Promise<void>;

/** How long a dispatcher holds the rows it took: past it (a crash mid-send), another may take them. */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** A request unanswered after this is abandoned (an outage). */
export const SEND_TIMEOUT_MS = 20_000;
const MAX_ERROR_LENGTH = 1000;

export interface DispatchReport {
  /** Due rows this dispatcher took (none that another dispatcher holds). */
  claimed: number;
  sent: number;
  /** Refused by Inngest, tried again after a backoff. */
  retrying: number;
  /** Refused too often, or never acceptable: left for an operator to send again. */
  parked: number;
  /** Not sent because Inngest could not answer: due again at once, for the next sweep. */
  deferred: number;
}

interface ClaimedRow extends OutgoingEvent {
  attempts: number;
}

/**
 * Takes due rows (unsent, not parked, next attempt reached; only `ids` if given) that no other dispatcher
 * holds, and holds them for CLAIM_LEASE_MS by moving their next attempt. The clock is the database's (unless a
 * test passes `now`): it stamped `nextAttemptAt`, and an app server's clock a little behind would leave a
 * just-committed row "not yet due".
 */
async function claimDue(options: { ids?: string[]; limit: number; now?: Date }): Promise<{ rows: ClaimedRow[]; now: Date }> {
  const claimed = await db.$queryRaw<(ClaimedRow & { now: Date })[]>`
    WITH clock AS MATERIALIZED (SELECT coalesce(${options.now ?? null}::timestamptz, clock_timestamp()) AS now),
    due AS (
      SELECT e.id FROM "OutboxEvent" e, clock
      WHERE e."sentAt" IS NULL AND e."parkedAt" IS NULL AND e."nextAttemptAt" <= clock.now
        AND (${options.ids ?? null}::uuid[] IS NULL OR e.id = ANY(${options.ids ?? null}::uuid[]))
      ORDER BY e."nextAttemptAt", e.id
      LIMIT ${options.limit}::int
      FOR UPDATE OF e SKIP LOCKED
    )
    UPDATE "OutboxEvent" e SET "nextAttemptAt" = clock.now + make_interval(secs => ${CLAIM_LEASE_MS / 1000}::float8)
    FROM due, clock
    WHERE e.id = due.id
    RETURNING e.id::text AS id, e.name, e.data, e.attempts, clock.now AS now`;
  // uuid v7 ids sort by creation time: events go out in the order they were written.
  const rows = claimed.map(({ now: _now, ...row }) => row).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { rows, now: claimed[0]?.now ?? options.now ?? new Date() };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
const idsOf = (rows: { id: string }[]) => rows.map((row) => row.id);

/**
 * Sends due outbox rows to Inngest: the given `ids` (right after the commit that wrote them) or the
 * `limit` rows due the longest (a sweep), each row id being the Inngest event id, so a re-send is deduplicated.
 * - Rows go in requests within Inngest's limits (event-api-limits.ts); an event no request could carry is
 *   parked at once with the reason.
 * - A refused request is split in halves until the refused rows stand alone, so every other row is still
 *   delivered (2·log2(n) requests to isolate one bad row among n, rather than n). A row refused alone is
 *   retried with backoff and parked after the last attempt (retry-schedule.ts).
 * - When Inngest cannot answer, the dispatch stops (one request, not one per row, hits an outage) and the
 *   rows left are due again at once, with no attempt charged.
 * Two dispatchers at once never take the same row (claimDue), and neither starts a request once its hold
 * on the rows may have lapsed. Each outcome is written as soon as it is known.
 */
export async function dispatchOutbox(send: SendEvents, options: { ids?: string[]; limit?: number; now?: Date } = {}): Promise<DispatchReport> {
  const report: DispatchReport = { claimed: 0, sent: 0, retrying: 0, parked: 0, deferred: 0 };
  if (options.ids?.length === 0) return report;
  const holdEnds = Date.now() + CLAIM_LEASE_MS;
  const { rows, now } = await claimDue({ ids: options.ids, limit: options.ids?.length ?? options.limit ?? 500, now: options.now });
  report.claimed = rows.length;

  const { requests, unsendable } = planRequests(rows);
  for (const { event, reason } of unsendable) {
    await db.outboxEvent.updateMany({ where: { id: event.id, sentAt: null }, data: { parkedAt: now, lastError: reason } });
    report.parked++;
  }

  const queue = requests;
  while (queue.length > 0) {
    const batch = queue.shift()!;
    if (Date.now() + SEND_TIMEOUT_MS > holdEnds) {
      report.deferred += await release([batch, ...queue].flat(), now, null);
      break;
    }
    const outcome = await attempt(send, batch);
    if (outcome.status === "accepted") {
      await db.outboxEvent.updateMany({
        where: { id: { in: idsOf(batch) }, sentAt: null },
        data: { sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      report.sent += batch.length;
    } else if (outcome.status === "unavailable") {
      report.deferred += await release(batch, now, `Inngest could not take it: ${outcome.error}`);
      report.deferred += await release(queue.flat(), now, null);
      break;
    } else if (batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      queue.unshift(batch.slice(0, half), batch.slice(half));
    } else {
      report[await recordRefusal(batch[0]!, outcome.error, now)]++;
    }
  }
  return report;
}

async function attempt(send: SendEvents, batch: ClaimedRow[]): Promise<{ status: "accepted" } | { status: "refused" | "unavailable"; error: string }> {
  try {
    await send(
      batch.map(({ id, name, data }) => ({ id, name, data })),
      AbortSignal.timeout(SEND_TIMEOUT_MS),
    );
    return { status: "accepted" };
  } catch (error) {
    return { status: error instanceof EventsRefused ? "refused" : "unavailable", error: messageOf(error) };
  }
}

/** One more attempt on a row refused alone: tried again after its backoff, or parked after the last. */
async function recordRefusal(row: ClaimedRow, error: string, now: Date): Promise<"retrying" | "parked"> {
  const attempts = row.attempts + 1;
  const next = afterRefusal(attempts, now);
  await db.outboxEvent.updateMany({
    where: { id: row.id, sentAt: null },
    data: { attempts, lastError: error, ...(next === "park" ? { parkedAt: now } : { nextAttemptAt: next.retryAt }) },
  });
  return next === "park" ? "parked" : "retrying";
}

/** Hands rows back unsent, due at once, no attempt charged; `error` (why) is recorded on them when given. */
async function release(rows: ClaimedRow[], now: Date, error: string | null): Promise<number> {
  if (rows.length === 0) return 0;
  await db.outboxEvent.updateMany({
    where: { id: { in: idsOf(rows) }, sentAt: null },
    data: { nextAttemptAt: now, ...(error ? { lastError: error } : {}) },
  });
  return rows.length;
}
