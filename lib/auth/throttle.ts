import type { Tx } from "../db";
import { env } from "../env";

/**
 * Throttling that slows guessing down without ever locking the owner out. Each key (an address, an account at an
 * address, an account from unknown browsers) may make a few attempts freely; past them, each further attempt must
 * wait a delay that doubles every time, up to a cap. Nothing is ever locked for good: the owner's own browser (a
 * known device) is not counted against the account at all, and an attacker elsewhere fills only their own keys.
 *
 * An attempt is reserved (counted) before the password is checked, so simultaneous guesses cannot slip past the
 * limit; a success gives it back. Counted in PostgreSQL so the limits hold across app instances.
 */
export interface ThrottleKey {
  key: string;
  /** Attempts allowed with no delay. */
  freeAttempts: number;
  /** A success clears the key (it proves this key knows the password), rather than giving back one attempt. */
  clearedBySuccess?: boolean;
}

/**
 * The keys one sign-in attempt counts against. The account's own key applies only to browsers that have not
 * signed in to it before, so guesses from elsewhere never slow the owner on their own device.
 */
export function signInKeys({ email, ip, knownDevice }: { email: string; ip: string | null; knownDevice: boolean }): ThrottleKey[] {
  const config = env();
  const keys: ThrottleKey[] = [
    { key: `account-ip:${email} ${ip ?? "unknown"}`, freeAttempts: config.SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT_AND_IP, clearedBySuccess: true },
  ];
  if (ip) keys.push({ key: `ip:${ip}`, freeAttempts: config.SIGN_IN_FREE_ATTEMPTS_PER_IP });
  if (!knownDevice) keys.push({ key: `account:${email}`, freeAttempts: config.SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT });
  return keys;
}

/** Password-reset requests: a few per address and per email, then the same doubling delay. */
export function passwordResetKeys({ email, ip }: { email: string; ip: string | null }): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `reset-email:${email}`, freeAttempts: 3 }];
  if (ip) keys.push({ key: `reset-ip:${ip}`, freeAttempts: 10 });
  return keys;
}

/**
 * Second-factor answers: a six-digit code is guessable where a password is not, so wrong answers are slowed per
 * account (whoever sends them already has its password or a session) and per address; a right one clears the account.
 */
export function secondFactorKeys({ userId, ip }: { userId: string; ip: string | null }): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `second-factor:${userId}`, freeAttempts: 5, clearedBySuccess: true }];
  if (ip) keys.push({ key: `ip:${ip}`, freeAttempts: env().SIGN_IN_FREE_ATTEMPTS_PER_IP });
  return keys;
}

/** Sign-ups: a few per address, then the same doubling delay (each sends an email, to someone who may not want it). */
export function signUpKeys({ ip }: { ip: string | null }): ThrottleKey[] {
  return ip ? [{ key: `sign-up-ip:${ip}`, freeAttempts: env().SIGN_UP_FREE_ATTEMPTS_PER_IP }] : [];
}

/** Seconds an attempt must wait after the `attempts`-th one: none while free, then doubling up to the cap. */
export function delayAfter(attempts: number, freeAttempts: number): number {
  if (attempts < freeAttempts) return 0;
  const { SIGN_IN_DELAY_SECONDS: first, SIGN_IN_MAX_DELAY_SECONDS: cap } = env();
  return Math.min(cap, first * 2 ** Math.min(attempts - freeAttempts, 30));
}

/**
 * Counts one attempt against every key. Returns the seconds until the caller may try again if any key is still
 * waiting (nothing is counted then), or null when the attempt may go ahead.
 */
export async function reserveAttempt(tx: Tx, keys: ThrottleKey[]): Promise<number | null> {
  const forgetHours = env().SIGN_IN_FORGET_AFTER_HOURS;
  // Locked in one order, so two attempts sharing keys cannot deadlock.
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key));
  const current: { key: ThrottleKey; attempts: number }[] = [];
  let wait = 0;
  for (const key of sorted) {
    await tx.$executeRaw`
      INSERT INTO "SignInThrottle" ("key", "attempts", "lastAttemptAt", "nextAttemptAt") VALUES (${key.key}, 0, now(), now())
      ON CONFLICT ("key") DO NOTHING`;
    const [row] = await tx.$queryRaw<{ attempts: number; stale: boolean; wait: number }[]>`
      SELECT "attempts", "lastAttemptAt" < now() - make_interval(hours => ${forgetHours}::int) AS stale,
             -- (a key with no delay has nextAttemptAt = lastAttemptAt, whatever the column's rounding of now())
             CASE WHEN "nextAttemptAt" > "lastAttemptAt" THEN GREATEST(ceil(extract(epoch FROM "nextAttemptAt" - now())), 0)::int
                  ELSE 0 END AS wait
      FROM "SignInThrottle" WHERE "key" = ${key.key} FOR UPDATE`;
    const attempts = row!.stale ? 0 : row!.attempts;
    if (!row!.stale) wait = Math.max(wait, row!.wait);
    current.push({ key, attempts });
  }
  if (wait > 0) return wait;
  for (const { key, attempts } of current) {
    const delay = delayAfter(attempts + 1, key.freeAttempts);
    await tx.$executeRaw`
      UPDATE "SignInThrottle" SET "attempts" = ${attempts + 1}, "lastAttemptAt" = now(),
        "nextAttemptAt" = now() + make_interval(secs => ${delay}::int)
      WHERE "key" = ${key.key}`;
  }
  return null;
}

/** After a success: keys cleared by success start afresh; the others get this attempt back. */
export async function giveBackAttempt(tx: Tx, keys: ThrottleKey[]): Promise<void> {
  for (const key of keys) {
    if (key.clearedBySuccess) {
      await tx.signInThrottle.deleteMany({ where: { key: key.key } });
    } else {
      await tx.$executeRaw`UPDATE "SignInThrottle" SET "attempts" = GREATEST("attempts" - 1, 0) WHERE "key" = ${key.key}`;
    }
  }
}
