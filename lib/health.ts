import { demoAccountsInProduction } from "./auth/demo-accounts";
import { db } from "./db";

/**
 * "degraded": the app serves, but an operator must act (the problems say what); a load balancer keeps sending
 * traffic (HTTP 200), a monitor that reads the body raises it.
 */
export type Health =
  | { status: "ok"; db: "ok" }
  | { status: "degraded"; db: "ok"; problems: string[] }
  | { status: "unavailable"; db: "down" };

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
    const problems = await Promise.race([deploymentProblems(), timeout]);
    return problems.length ? { status: "degraded", db: "ok", problems } : { status: "ok", db: "ok" };
  } catch (error) {
    console.error("health check: database unreachable", error instanceof Error ? error.message : error);
    return { status: "unavailable", db: "down" };
  } finally {
    clearTimeout(timer);
  }
}

/** What is wrong with this deployment that an operator must fix (also logged at start, lib/startup.ts). */
export async function deploymentProblems(): Promise<string[]> {
  const demoAccounts = await demoAccountsInProduction();
  return demoAccounts.length
    ? [`demo accounts with published passwords exist in production (refused at sign-in; delete them): ${demoAccounts.join(", ")}`]
    : [];
}

