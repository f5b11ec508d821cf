"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { requireUser } from "@/lib/auth/guards";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";

export async function createTokenAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const { token } = await createApiToken(await requireUser(["INVESTOR"]), { name: form.get("name") }, context);
    revalidatePath("/settings");
    return token;
  });
}

export async function revokeTokenAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    await revokeApiToken(await requireUser(["INVESTOR"]), form.get("tokenId"), context);
    revalidatePath("/settings");
    return "Token revoked.";
  });
}
