import { recordAudit } from "../audit/record";
import { db } from "../db";
import { InvalidCredentials, TooManyAttempts } from "../errors";
import type { RequestContext } from "../http/request-context";
import { normaliseEmail } from "./email";
import { decoyPasswordHash, MAX_PASSWORD_LENGTH, verifyPassword } from "./password";
import { hasSecondFactor } from "./second-factor/factors";
import { openSession, type CurrentUser } from "./sessions";
import { releaseSignInAttempt, reserveSignInAttempt } from "./throttle";

/**
 * Checks an email and password and opens a session (waiting for the second factor if the user has one). Every outcome is audited. Failures say only
 * "wrong email or password" (or, past the limit, when to try again), whatever the reason.
 */
export async function signIn(
  credentials: { email?: unknown; password?: unknown },
  context: RequestContext,
): Promise<CurrentUser> {
  const email = typeof credentials.email === "string" ? normaliseEmail(credentials.email).slice(0, 254) : "";
  const password = typeof credentials.password === "string" ? credentials.password : "";
  const who = { email, ip: context.ip };

  const retryAfter = await db.$transaction(async (tx) => {
    const wait = await reserveSignInAttempt(tx, who);
    if (wait !== null) {
      await recordAudit(tx, { action: "USER_SIGN_IN_THROTTLED", actorId: null, context, details: { email } });
    }
    return wait;
  });
  if (retryAfter !== null) throw new TooManyAttempts(retryAfter);

  const user = email ? await db.user.findUnique({ where: { email } }) : null;
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

  const sessionId = await db.$transaction(async (tx) => {
    await releaseSignInAttempt(tx, who);
    // With a second factor, the password only opens the door to the second-factor step.
    const secondFactorPending = await hasSecondFactor(tx, user.id);
    const id = await openSession(tx, user.id, context, { secondFactorPending });
    await recordAudit(tx, {
      action: "USER_SIGNED_IN",
      actorId: user.id,
      target: { type: "Session", id },
      context,
      details: { secondFactorPending },
    });
    return id;
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionId };
}
