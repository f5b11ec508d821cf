"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { revokeSession, signOutEverywhere } from "@/lib/auth/account-sessions";
import { changeEmailInput, requestEmailChange } from "@/lib/auth/change-email";
import { changePassword, changePasswordInput } from "@/lib/auth/change-password";
import { sendEmailVerification } from "@/lib/auth/email-verification";
import { userAction } from "@/lib/http/action-client";

/** The account's own security: any signed-in user, whatever the role. */

export const changePasswordAction = userAction({ input: changePasswordInput, stepUp: true }, async ({ user, input, context }) => {
  await changePassword(user, input, context);
  return "Your password is changed. Every other session of your account was signed out.";
});

export const changeEmailAction = userAction({ input: changeEmailInput }, async ({ user, input, context }) => {
  await requestEmailChange(user, input, context);
  return `We have sent a link to ${input.newEmail}: your address changes once you open it. We have told your current address too.`;
});

export const resendVerificationAction = userAction({}, async ({ user }) => {
  const outcome = await sendEmailVerification(user.id);
  revalidatePath("/", "layout");
  return outcome === "sent" ? `We have sent a new link to ${user.email}.` : "Your email address is already confirmed.";
});

export const revokeSessionAction = userAction({ input: z.object({ sessionId: z.uuid() }) }, async ({ user, input, context }) => {
  await revokeSession(user, input.sessionId, context);
  if (input.sessionId === user.sessionId) redirect("/sign-in");
  revalidatePath("/settings/sessions");
  return "That session is signed out.";
});

export const signOutEverywhereAction = userAction({}, async ({ user, context }) => {
  await signOutEverywhere(user, context);
  redirect("/sign-in");
});
