import { env } from "./env";

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
