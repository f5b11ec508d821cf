import { env } from "./env";
import { deploymentProblems } from "./health";

/**
 * Runs once when the server starts (from instrumentation.ts). Invalid configuration (in production: no
 * DATABASE_URL, or a missing or placeholder AUTH_SECRET) stops the process with the reason, instead of
 * serving errors.
 */
export function checkConfigurationOrExit(): void {
  try {
    if (!env().DATABASE_URL) {
      throw new Error("DATABASE_URL is not set. Start the app with `npm run dev`, or set DATABASE_URL.");
    }
  } catch (error) {
    console.error(`Autovest cannot start.\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/**
 * Logs, at start, what an operator must fix though the app can serve (e.g. demo accounts in production);
 * /api/health reports the same as "degraded". Never stops the app: a database that is not up yet is the
 * health check's business.
 */
export async function reportDeploymentProblems(): Promise<void> {
  try {
    for (const problem of await deploymentProblems()) console.error(`Autovest deployment problem: ${problem}`);
  } catch (error) {
    console.error("could not check the deployment for problems at start", error instanceof Error ? error.message : error);
  }
}
