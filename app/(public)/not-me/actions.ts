"use server";

import { reportEmailChange } from "@/lib/auth/change-email";
import { linkInput } from "@/lib/auth/email-tokens";
import { publicAction } from "@/lib/http/action-client";

export const reportEmailChangeAction = publicAction({ input: linkInput }, async ({ input, context }) => {
  const { changeCancelled } = await reportEmailChange(input.token, context);
  return changeCancelled
    ? "Thank you. The change of email is cancelled and every session of your account is signed out. Now choose a new password."
    : "Thank you. Every session of your account is signed out, but the new address had already confirmed the change: choose a new password and contact support.";
});
