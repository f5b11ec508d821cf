import { recordAudit } from "../audit/record";
import { db } from "../db";
import { InvalidCredentials, TooManyAttempts } from "../errors";
import type { RequestContext } from "../http/request-context";
import { accountMail, deliver } from "./account-mail";
import { isKnownDevice, newDeviceId, rememberDevice } from "./devices";
import { normaliseEmail } from "./email";
import { refuseDemoAccountInProduction } from "./demo-accounts";
import { decoyPasswordHash, MAX_PASSWORD_LENGTH, verifyPassword } from "./password";
import { hasSecondFactor } from "./second-factor/factors";
import { openSession, type CurrentUser } from "./sessions";
import { giveBackAttempt, reserveAttempt, signInKeys, type ThrottleKey } from "./throttle";

/** A signed-in user and the id of the browser they signed in from (for its device cookie). */
export type SignedIn = CurrentUser & { deviceId: string };

/**
 * Checks an email and password and opens a session, waiting for the second factor if the user has one. Every
 * outcome is audited. Failures say only "wrong email or password" (or, when guesses are being slowed down, when to
 * try again), whatever the reason. `deviceId` is the browser's device cookie, if it has a valid one
 * (lib/auth/devices.ts).
 */
export async function signIn(
  credentials: { email?: unknown; password?: unknown },
  context: RequestContext,
  deviceId: string | null = null,
): Promise<SignedIn> {
  const email = typeof credentials.email === "string" ? normaliseEmail(credentials.email).slice(0, 254) : "";
  const password = typeof credentials.password === "string" ? credentials.password : "";

  const user = email ? await db.user.findUnique({ where: { email } }) : null;
  // The account-wide limit is for browsers the owner has not used before, and only for accounts whose password is
  // the last line of defence: with a second factor, guessing the password gets nobody in, so it never slows the owner.
  const exempt = user ? (await isKnownDevice(user.id, deviceId)) || (await hasSecondFactor(user.id)) : false;
  const throttleKeys = signInKeys({ email, ip: context.ip, knownDevice: exempt });
  await throttleSignIn(throttleKeys, email, context);
  refuseDemoAccountInProduction(email);

  const passwordMatches =
    password.length > 0 &&
    password.length <= MAX_PASSWORD_LENGTH &&
    (await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password));

  if (!user || !passwordMatches) {
    await db.$transaction((tx) =>
      recordAudit(tx, {
        action: "USER_SIGN_IN_FAILED",
        actorId: null,
        target: user ? { type: "User", id: user.id } : undefined,
        context,
        details: { email, reason: user ? "wrong_password" : "unknown_email" },
      }),
    );
    throw new InvalidCredentials();
  }

  const browser = deviceId ?? newDeviceId();
  const { sessionId, newDevice } = await db.$transaction(async (tx) => {
    await giveBackAttempt(tx, throttleKeys);
    // With a second factor, the password only opens the door to the second-factor step.
    const secondFactorPending = await hasSecondFactor(user.id, tx);
    const id = await openSession(tx, user.id, context, { secondFactorPending });
    await recordAudit(tx, {
      action: "USER_SIGNED_IN",
      actorId: user.id,
      target: { type: "Session", id },
      context,
      details: { secondFactorPending },
    });
    return { sessionId: id, newDevice: await rememberDevice(tx, user.id, browser, context) };
  });
  if (newDevice) await deliver(accountMail.newDevice(user.email, context));
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionId, deviceId: browser };
}

/** Counts this attempt, or refuses it (audited) with when to try again while its keys are being slowed down. */
async function throttleSignIn(keys: ThrottleKey[], email: string, context: RequestContext): Promise<void> {
  const retryAfter = await db.$transaction(async (tx) => {
    const wait = await reserveAttempt(tx, keys);
    if (wait !== null) {
      await recordAudit(tx, { action: "USER_SIGN_IN_THROTTLED", actorId: null, context, details: { email, retryAfterSeconds: wait } });
    }
    return wait;
  });
  if (retryAfter !== null) throw new TooManyAttempts(retryAfter);
}
