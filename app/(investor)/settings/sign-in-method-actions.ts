"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { startOidcLink, unlinkOidcIdentity } from "@/lib/auth/oidc/link";
import { OIDC_PROVIDERS, oidcProviderName } from "@/lib/auth/oidc/providers";
import { investorAction } from "@/lib/http/action-client";

/** Step-up, then a short-lived, single-use link intent for this session; the form then opens the provider. */
export const startLinkAction = investorAction(
  { input: z.object({ provider: z.enum(OIDC_PROVIDERS, { error: "Choose a sign-in provider." }) }), stepUp: true },
  async ({ user, input, context }) => {
    const provider = await startOidcLink(user, input.provider, context);
    return `Opening ${oidcProviderName(provider)}…`;
  },
);

export const unlinkAction = investorAction(
  { input: z.object({ identityId: z.string({ error: "Choose a sign-in method." }) }), stepUp: true },
  async ({ user, input, context }) => {
    const provider = await unlinkOidcIdentity(user, input.identityId, context);
    revalidatePath("/settings");
    return `${oidcProviderName(provider)} no longer signs you in.`;
  },
);
