import type { Tx } from "../db";
import type { NotificationKind } from "../generated/prisma/client";
import { enqueue } from "../outbox/outbox";

/** The outbox event that asks for a notification's email, once the transaction that wrote it commits. */
export const NOTIFICATION_CREATED = "notification/created";

/** What to tell a user, in words they understand; `dedupeKey` names the fact, so it is told once. */
export interface Notice {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path in the app to go to (e.g. /activity). */
  link: string | null;
  /** e.g. "deposit-succeeded:<deposit id>". */
  dedupeKey: string;
}

/**
 * Writes a notification in the caller's transaction, so it exists exactly when the change it announces does,
 * and once per dedupeKey (a repeated or concurrent call finds the key taken and does nothing), with an outbox
 * event for its email. `null` is nothing worth telling. Returns the outbox ids to send after commit (none when
 * the notification already existed); unsent ones go out with the outbox sweeper.
 */
export async function notify(tx: Tx, notice: Notice | null): Promise<string[]> {
  if (!notice) return [];
  const [created] = await tx.notification.createManyAndReturn({ data: [notice], skipDuplicates: true, select: { id: true } });
  if (!created) return [];
  return [await enqueue(tx, { name: NOTIFICATION_CREATED, data: { notificationId: created.id } })];
}
