/**
 * Runs once when the server starts: invalid configuration (in production, a missing DATABASE_URL or a
 * placeholder AUTH_SECRET) stops the app here rather than at the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  const config = env();
  if (!config.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm run dev`, or set DATABASE_URL.");
  }
}
