import { z } from "zod";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { InvalidInput, TooManyAttempts } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";
import { accountMail, deliver } from "./account-mail";
import { endSessionsOf } from "./account-sessions";
import { emailField } from "./email";
import { consumeEmailToken, issueEmailToken } from "./email-tokens";
import { hashPassword, passwordProblem } from "./password";
import { passwordResetKeys, reserveAttempt } from "./throttle";

/** What the request form always says, whether or not an account uses the address. */
export const RESET_REQUESTED =
  "If an account uses that address, we have sent it a link to choose a new password. The link works once, for 30 minutes.";

/**
 * A forgotten password: emails a single-use link (30 minutes) if an account uses the address. Answers the same
 * either way; a few requests per address and per email, then each must wait longer (lib/auth/throttle.ts).
 */
export async function requestPasswordReset(input: unknown, context: RequestContext): Promise<string> {
  const { email } = parseInput(z.object({ email: emailField }), input);
  const wait = await db.$transaction((tx) => reserveAttempt(tx, passwordResetKeys({ email, ip: context.ip })));
  if (wait !== null) throw new TooManyAttempts(wait);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) return RESET_REQUESTED;
  const token = await db.$transaction(async (tx) => {
    const issued = await issueEmailToken(tx, { userId: user.id, purpose: "PASSWORD_RESET", email: user.email });
    await recordAudit(tx, { action: "USER_PASSWORD_RESET_REQUESTED", actorId: null, target: { type: "User", id: user.id }, context });
    return issued;
  });
  await deliver(accountMail.passwordReset(user.email, token));
  return RESET_REQUESTED;
}

/** The new password field, checked as at sign-up (length, common passwords, not the email). */
export const newPasswordField = z.string({ error: "Choose a password." }).superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * Sets a new password through a reset link: uses the token up, ends every session of the user (whoever had the
 * old password is out), audited and announced by email.
 */
export async function resetPassword(input: unknown, context: RequestContext): Promise<void> {
  const { token, password } = parseInput(z.object({ token: z.string().max(100), password: newPasswordField }), input);
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    const used = await consumeEmailToken(tx, "PASSWORD_RESET", token);
    const owner = await tx.user.findUniqueOrThrow({ where: { id: used.userId }, select: { id: true, email: true } });
    const problem = passwordProblem(password, owner.email);
    if (problem) throw new InvalidInput(problem, { password: problem });
    await tx.user.update({ where: { id: owner.id }, data: { passwordHash } });
    const ended = await endSessionsOf(tx, owner.id);
    await recordAudit(tx, { action: "USER_PASSWORD_RESET", actorId: owner.id, target: { type: "User", id: owner.id }, context, details: { sessionsEnded: ended } });
    return owner;
  });
  await deliver(accountMail.passwordChanged(user.email, context, "reset"));
}
