import { db } from "../../lib/db";

/**
 * How many sessions on this test file's database are waiting for a lock: the positive signal that a
 * concurrent call has reached the lock it must queue on (each test file has a database of its own).
 */
export async function sessionsWaitingForALock(): Promise<number> {
  const [row] = await db.$queryRaw<{ waiting: bigint }[]>`
    SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return Number(row!.waiting);
}
