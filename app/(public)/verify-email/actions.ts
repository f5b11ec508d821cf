"use server";

import { revalidatePath } from "next/cache";
import { verifyEmail } from "@/lib/auth/email-verification";
import { linkInput } from "@/lib/auth/email-tokens";
import { publicAction } from "@/lib/http/action-client";

export const verifyEmailAction = publicAction({ input: linkInput }, async ({ input, context }) => {
  const email = await verifyEmail(input.token, context);
  revalidatePath("/", "layout");
  return `Thank you: ${email} is confirmed. You can now deposit money.`;
});
