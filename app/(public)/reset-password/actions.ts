"use server";

import { resetPassword } from "@/lib/auth/password-reset";
import { publicAction } from "@/lib/http/action-client";

export const resetPasswordAction = publicAction({}, async ({ input, context }) => {
  await resetPassword(input, context);
  return "Your password is changed, and every session of your account was signed out. Sign in with your new password.";
});
