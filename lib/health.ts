import { db } from "./db";

export type Health = { status: "ok"; db: "ok" } | { status: "unavailable"; db: "down" };

/** Whether the database answers a trivial query within `timeoutMs`. */
export async function checkHealth(timeoutMs = 2000): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    return { status: "ok", db: "ok" };
  } catch (error) {
    console.error("health check: database unreachable", error instanceof Error ? error.message : error);
    return { status: "unavailable", db: "down" };
  } finally {
    clearTimeout(timer);
  }
}
