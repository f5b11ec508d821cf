import { z } from "zod";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { InvalidInput } from "../errors";
import type { RequestContext } from "../http/request-context";
import { accountMail, deliver } from "./account-mail";
import { endSessionsOf } from "./account-sessions";
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblem, verifyPassword } from "./password";
import { newPasswordField } from "./password-reset";
import type { CurrentUser } from "./sessions";

export const changePasswordInput = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(MAX_PASSWORD_LENGTH),
  newPassword: newPasswordField,
});

const WRONG_PASSWORD = "That is not your current password.";

/**
 * Changes the signed-in user's password (the caller has checked the second factor): the current password must be
 * right, the new one passes the sign-up rules; every other session ends; audited and announced by email.
 */
export async function changePassword(user: CurrentUser, input: z.infer<typeof changePasswordInput>, context: RequestContext): Promise<void> {
  const { passwordHash: currentHash, email } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true, email: true } });
  if (!(await verifyPassword(currentHash, input.currentPassword))) throw new InvalidInput(WRONG_PASSWORD, { currentPassword: WRONG_PASSWORD });
  const problem = passwordProblem(input.newPassword, email);
  if (problem) throw new InvalidInput(problem, { newPassword: problem });
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await endSessionsOf(tx, user.id, { except: user.sessionId });
    await recordAudit(tx, { action: "USER_PASSWORD_CHANGED", actorId: user.id, target: { type: "User", id: user.id }, context, details: { otherSessionsEnded: ended } });
  });
  await deliver(accountMail.passwordChanged(email, context, "changed"));
}
