"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { pendingSecondFactorUser } from "@/lib/auth/guards";
import { safeReturnPath } from "@/lib/auth/return-path";
import { homePathFor } from "@/lib/auth/roles";
import { passkeyAuthenticationOptions } from "@/lib/auth/second-factor/passkeys";
import { proofInput, proofOf } from "@/lib/auth/second-factor/proof-input";
import { proveSecondFactor } from "@/lib/auth/second-factor/prove";
import { Unauthenticated } from "@/lib/errors";
import { pendingSignInQuery, publicAction } from "@/lib/http/action-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";

const SIGN_IN_AGAIN = "Your sign-in has expired. Sign in again with your password.";

/**
 * The second step of signing in: a code, a recovery code or a passkey, for the session that passed the password
 * (and only for it: a signed-out visitor or a fully signed-in user has nothing to prove here).
 */
export const proveSignInAction = publicAction({ input: proofInput.extend({ callbackUrl: z.string().max(2048).optional() }) }, async ({ input, context }) => {
  const user = await pendingSecondFactorUser();
  if (!user) throw new Unauthenticated(SIGN_IN_AGAIN);
  const { outboxIds } = await proveSecondFactor(user, proofOf(input), "sign-in", context);
  if (outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  // Every layout (the header's signed-in navigation) is drawn again for the signed-in user.
  revalidatePath("/", "layout");
  redirect(safeReturnPath(input.callbackUrl) ?? homePathFor(user.role));
});

/** Options for the passkey button of the second step (null when the user has no passkey). */
export const signInPasskeyOptionsAction = pendingSignInQuery({}, async ({ user }) => passkeyAuthenticationOptions(user));
