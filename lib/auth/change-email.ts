import { z } from "zod";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { InvalidInput } from "../errors";
import type { RequestContext } from "../http/request-context";
import { accountMail, deliver } from "./account-mail";
import { endSessionsOf } from "./account-sessions";
import { emailField } from "./email";
import { consumeEmailToken, issueEmailToken } from "./email-tokens";
import { MAX_PASSWORD_LENGTH, verifyPassword } from "./password";
import type { CurrentUser } from "./sessions";

export const changeEmailInput = z.object({
  newEmail: emailField,
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(MAX_PASSWORD_LENGTH),
});

const WRONG_PASSWORD = "That is not your current password.";

/**
 * Asks to move the account to a new address: nothing changes until a link sent to the new address is opened;
 * the old address is told at once, with a link to say it was not them. Needs the current password.
 */
export async function requestEmailChange(user: CurrentUser, input: z.infer<typeof changeEmailInput>, context: RequestContext): Promise<void> {
  const owner = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, passwordHash: true } });
  if (!(await verifyPassword(owner.passwordHash, input.currentPassword))) throw new InvalidInput(WRONG_PASSWORD, { currentPassword: WRONG_PASSWORD });
  if (input.newEmail === owner.email) throw new InvalidInput("That is already your address.", { newEmail: "That is already your address." });
  // Whether another account uses the new address is not said here (it would tell who has an account): the
  // confirmation refuses it then.
  const { confirmToken, reportToken } = await db.$transaction(async (tx) => {
    const confirm = await issueEmailToken(tx, { userId: user.id, purpose: "EMAIL_CHANGE", email: input.newEmail });
    const report = await issueEmailToken(tx, { userId: user.id, purpose: "EMAIL_CHANGE_REPORT", email: owner.email });
    await recordAudit(tx, {
      action: "USER_EMAIL_CHANGE_REQUESTED",
      actorId: user.id,
      target: { type: "User", id: user.id },
      context,
      details: { from: owner.email, to: input.newEmail },
    });
    return { confirmToken: confirm, reportToken: report };
  });
  await deliver(accountMail.emailChangeToNew(input.newEmail, confirmToken));
  await deliver(accountMail.emailChangeToOld(owner.email, input.newEmail, context, reportToken));
}

const ADDRESS_TAKEN = "Another account already uses this address, so it cannot be moved to this one.";

/** Opens the link sent to the new address: the account's email becomes it (confirmed), audited; the old one is told. */
export async function confirmEmailChange(token: unknown, context: RequestContext): Promise<string> {
  const { from, to } = await db.$transaction(async (tx) => {
    const used = await consumeEmailToken(tx, "EMAIL_CHANGE", token);
    if (await tx.user.findUnique({ where: { email: used.email }, select: { id: true } })) throw new InvalidInput(ADDRESS_TAKEN);
    const before = await tx.user.findUniqueOrThrow({ where: { id: used.userId }, select: { email: true } });
    await tx.user.update({ where: { id: used.userId }, data: { email: used.email, emailVerifiedAt: new Date() } });
    await recordAudit(tx, {
      action: "USER_EMAIL_CHANGED",
      actorId: used.userId,
      target: { type: "User", id: used.userId },
      context,
      details: { from: before.email, to: used.email },
    });
    return { from: before.email, to: used.email };
  });
  await deliver(accountMail.emailChanged(from, to));
  return to;
}

/**
 * "It was not me", from the old address: cancels a change not yet confirmed and signs every session out, so
 * whoever asked for it is out; the owner then chooses a new password.
 */
export async function reportEmailChange(token: unknown, context: RequestContext): Promise<{ changeCancelled: boolean }> {
  return db.$transaction(async (tx) => {
    const used = await consumeEmailToken(tx, "EMAIL_CHANGE_REPORT", token);
    const cancelled = await tx.emailToken.updateMany({ where: { userId: used.userId, purpose: "EMAIL_CHANGE", usedAt: null }, data: { usedAt: new Date() } });
    const ended = await endSessionsOf(tx, used.userId);
    await recordAudit(tx, {
      action: "USER_EMAIL_CHANGE_REPORTED",
      actorId: null,
      target: { type: "User", id: used.userId },
      context,
      details: { changeCancelled: cancelled.count > 0, sessionsEnded: ended },
    });
    return { changeCancelled: cancelled.count > 0 };
  });
}
