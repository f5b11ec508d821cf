"use server";

import { signUp } from "@/lib/auth/accounts";
import { publicAction } from "@/lib/http/action-client";

export const signUpAction = publicAction({}, async ({ input, context }) => {
  await signUp(input, context);
  return "Your account is ready.";
});
