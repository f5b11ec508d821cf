"use server";

import { headers } from "next/headers";
import { signUp } from "@/lib/auth/accounts";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";

export async function signUpAction(input: unknown): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    await signUp(input, context);
    return "Your account is ready.";
  });
}
