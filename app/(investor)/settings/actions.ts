"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { investorAction } from "@/lib/http/action-client";

// lib/auth/api-tokens checks the name and the token id.

export const createTokenAction = investorAction({}, async ({ user, input, context }) => {
  const { token } = await createApiToken(user, { name: input.name }, context);
  revalidatePath("/settings");
  return token;
});

export const revokeTokenAction = investorAction({}, async ({ user, input, context }) => {
  await revokeApiToken(user, input.tokenId, context);
  revalidatePath("/settings");
  return "Token revoked.";
});
