"use server";

import { revalidatePath } from "next/cache";
import { confirmEmailChange } from "@/lib/auth/change-email";
import { linkInput } from "@/lib/auth/email-tokens";
import { publicAction } from "@/lib/http/action-client";

export const confirmEmailChangeAction = publicAction({ input: linkInput }, async ({ input, context }) => {
  const email = await confirmEmailChange(input.token, context);
  revalidatePath("/", "layout");
  return `Your account's email address is now ${email}. Sign in with it from now on.`;
});
