import type { Tx } from "../db";
import { env } from "../env";

/**
 * Sign-in rate limiting in fixed windows, counted in PostgreSQL so the limit holds across app instances.
 * An attempt is reserved (counted) before the password is checked, so concurrent guesses cannot slip
 * past the limit; a successful sign-in gives its reservation back.
 */
export interface ThrottleKeys {
  email: string;
  ip: string | null;
}

function keysOf({ email, ip }: ThrottleKeys): { key: string; limit: number }[] {
  const config = env();
  const keys = [{ key: `email:${email}`, limit: config.SIGN_IN_MAX_FAILURES_PER_EMAIL }];
  if (ip) keys.push({ key: `ip:${ip}`, limit: config.SIGN_IN_MAX_FAILURES_PER_IP });
  return keys;
}

/**
 * Counts one attempt against the email and the address. Returns the seconds until the caller may try
 * again if either limit is now exceeded, or null when the attempt may go ahead.
 */
export async function reserveSignInAttempt(tx: Tx, who: ThrottleKeys): Promise<number | null> {
  const minutes = env().SIGN_IN_WINDOW_MINUTES;
  let retryAfter: number | null = null;
  for (const { key, limit } of keysOf(who)) {
    const [row] = await tx.$queryRaw<{ failures: number; retry_after: number }[]>`
      INSERT INTO "SignInThrottle" ("key", "windowStart", "failures") VALUES (${key}, now(), 1)
      ON CONFLICT ("key") DO UPDATE SET
        "failures"    = CASE WHEN "SignInThrottle"."windowStart" <= now() - make_interval(mins => ${minutes}::int)
                             THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
        "windowStart" = CASE WHEN "SignInThrottle"."windowStart" <= now() - make_interval(mins => ${minutes}::int)
                             THEN now() ELSE "SignInThrottle"."windowStart" END
      RETURNING "failures",
        ceil(extract(epoch FROM "windowStart" + make_interval(mins => ${minutes}::int) - now()))::int AS retry_after`;
    if (row && row.failures > limit) retryAfter = Math.max(retryAfter ?? 0, row.retry_after);
  }
  return retryAfter;
}

/** After a successful sign-in: the email starts afresh, and the address gets its reservation back. */
export async function releaseSignInAttempt(tx: Tx, who: ThrottleKeys): Promise<void> {
  await tx.signInThrottle.deleteMany({ where: { key: `email:${who.email}` } });
  if (who.ip) {
    await tx.$executeRaw`
      UPDATE "SignInThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${`ip:${who.ip}`}`;
  }
}
