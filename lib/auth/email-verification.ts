import { cache } from "react";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { EmailNotVerified } from "../errors";
import type { RequestContext } from "../http/request-context";
import { accountMail, deliver } from "./account-mail";
import { consumeEmailToken, issueEmailToken } from "./email-tokens";

/** Whether the user has confirmed their address (read once per request). */
export const isEmailVerified = cache(async (userId: string): Promise<boolean> => {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  return Boolean(user?.emailVerifiedAt);
});

/** Deposits wait for a confirmed address. */
export async function assertEmailVerified(userId: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!user.emailVerifiedAt) throw new EmailNotVerified();
}

/** Emails a new confirmation link (the earlier ones stop working); nothing to send once confirmed. */
export async function sendEmailVerification(userId: string): Promise<"sent" | "already_verified"> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  if (user.emailVerifiedAt) return "already_verified";
  const token = await db.$transaction((tx) => issueEmailToken(tx, { userId, purpose: "EMAIL_VERIFICATION", email: user.email }));
  await deliver(accountMail.emailVerification(user.email, token));
  return "sent";
}

/**
 * Confirms the address a link was sent to (once; a link sent to an address the account no longer uses confirms
 * nothing). Returns the confirmed address.
 */
export async function verifyEmail(token: unknown, context: RequestContext): Promise<string> {
  return db.$transaction(async (tx) => {
    const used = await consumeEmailToken(tx, "EMAIL_VERIFICATION", token);
    const confirmed = await tx.user.updateMany({ where: { id: used.userId, email: used.email }, data: { emailVerifiedAt: new Date() } });
    if (confirmed.count === 0) throw new EmailNotVerified();
    await recordAudit(tx, { action: "USER_EMAIL_VERIFIED", actorId: used.userId, target: { type: "User", id: used.userId }, context, details: { email: used.email } });
    return used.email;
  });
}
