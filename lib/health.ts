import { db } from "./db";

export type Health = { status: "ok"; db: "ok" } | { status: "unavailable"; db: "down" };

/**
 * Whether the database answers a trivial query within `timeoutMs`. The clock starts once the client is ready:
 * starting Prisma's query engine is this process's own start-up (seconds on a busy machine), not the
 * database's answer, and must not report a healthy database down.
 */
export async function checkHealth(timeoutMs = 2000): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await db.$connect(); // the engine only: no connection is opened until the query
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    return { status: "ok", db: "ok" };
  } catch (error) {
    console.error("health check: database unreachable", error instanceof Error ? error.message : error);
    return { status: "unavailable", db: "down" };
  } finally {
    clearTimeout(timer);
  }
}
