import type { Tx } from "../db";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

export interface OutboxMessage {
  name: string;
  data: Prisma.InputJsonObject;
}

/** Writes an event in the caller's transaction; it is sent only if that transaction commits. */
export async function enqueue(tx: Tx, message: OutboxMessage): Promise<string> {
  const row = await tx.outboxEvent.create({ data: { name: message.name, data: message.data }, select: { id: true } });
  return row.id;
}

export type SendEvents = (events: { id: string; name: string; data: Prisma.JsonValue }[]) => Promise<void>;

/**
 * Sends unsent outbox rows (the given ids, or every row left unsent for `olderThanMs`), marking each sent.
 * The row id is the event id, so an event sent twice (a crash between send and mark) is deduplicated
 * by the receiver. Failures are recorded on the row and retried by the next sweep.
 */
export async function dispatchOutbox(
  send: SendEvents,
  options: { ids?: string[]; olderThanMs?: number; limit?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const rows = await db.outboxEvent.findMany({
    where: {
      sentAt: null,
      ...(options.ids ? { id: { in: options.ids } } : {}),
      ...(options.olderThanMs !== undefined ? { createdAt: { lte: new Date(Date.now() - options.olderThanMs) } } : {}),
    },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? 500,
    select: { id: true, name: true, data: true },
  });
  if (rows.length === 0) return { sent: 0, failed: 0 };
  try {
    await send(rows);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.outboxEvent.updateMany({
      where: { id: { in: rows.map((row) => row.id) } },
      data: { attempts: { increment: 1 }, lastError: message.slice(0, 1000) },
    });
    return { sent: 0, failed: rows.length };
  }
  await db.outboxEvent.updateMany({
    where: { id: { in: rows.map((row) => row.id) }, sentAt: null },
    data: { sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
  });
  return { sent: rows.length, failed: 0 };
}
