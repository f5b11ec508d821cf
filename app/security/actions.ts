"use server";

import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import {
  confirmTotpEnrolment,
  issueRecoveryCodes,
  removeSecondFactor,
  requireStepUpIfProtected,
  secondFactorKinds,
  startTotpEnrolment,
  type FactorChange,
} from "@/lib/auth/second-factor/factors";
import { addPasskey, passkeyAuthenticationOptions, passkeyRegistrationOptions } from "@/lib/auth/second-factor/passkeys";
import { proofInput, proofOf } from "@/lib/auth/second-factor/proof-input";
import { proveSecondFactor } from "@/lib/auth/second-factor/prove";
import { InvalidInput } from "@/lib/errors";
import { userAction, userQuery } from "@/lib/http/action-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";

/** The emails of a factor change go out after the response (the outbox sweeper sends any left behind). */
function sendEmails(change: FactorChange): void {
  if (change.outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: change.outboxIds }));
}

export const startTotpAction = userAction({}, async ({ user }) => {
  await requireStepUpIfProtected(user);
  await startTotpEnrolment(user);
  revalidatePath("/security");
  return "Scan the code with your authenticator app, then enter the code it shows.";
});

export const confirmTotpAction = userAction({ input: z.object({ code: z.string().trim().max(16) }) }, async ({ user, input, context }) => {
  sendEmails(await confirmTotpEnrolment(user, input.code, context));
  revalidatePath("/security");
  return "Authenticator app added.";
});

export const removeFactorAction = userAction({ input: z.object({ factorId: z.uuid() }), stepUp: true }, async ({ user, input, context }) => {
  sendEmails(await removeSecondFactor(user, input.factorId, context));
  revalidatePath("/security");
  return "Removed.";
});

/** The new codes are the message (shown once, as a new API token is). */
export const recoveryCodesAction = userAction({ stepUp: true }, async ({ user, context }) => {
  const { codes, ...change } = await issueRecoveryCodes(user, context);
  sendEmails(change);
  revalidatePath("/security");
  return codes.join("\n");
});

export const addPasskeyAction = userAction(
  { input: z.object({ label: z.string().trim().min(1, "Name the passkey.").max(60), response: z.string().max(16_000) }) },
  async ({ user, input, context }) => {
    await requireStepUpIfProtected(user);
    let response: RegistrationResponseJSON;
    try {
      response = JSON.parse(input.response) as RegistrationResponseJSON;
    } catch {
      throw new InvalidInput("The passkey's answer did not arrive whole. Try again.");
    }
    sendEmails(await addPasskey(user, input.label, response, context));
    revalidatePath("/security");
    return `Passkey "${input.label}" added.`;
  },
);

/** Proves a second factor for the signed-in session (the step-up dialog), so the sensitive action can go ahead. */
export const proveStepUpAction = userAction({ input: proofInput }, async ({ user, input, context }) => {
  sendEmails(await proveSecondFactor(user, proofOf(input), "step-up", context));
  return "Confirmed.";
});

/** Options for creating a passkey in the browser (step-up first when the account already has a factor). */
export const passkeyRegistrationOptionsAction = userQuery({}, async ({ user }) => {
  await requireStepUpIfProtected(user);
  return passkeyRegistrationOptions(user);
});

/** Options for the step-up dialog's passkey button (null when the user has no passkey). */
export const stepUpPasskeyOptionsAction = userQuery({}, async ({ user }) => passkeyAuthenticationOptions(user));

/** Which factors the signed-in user has, for the step-up dialog's wording and buttons. */
export const stepUpMethodsAction = userQuery({}, async ({ user }) => {
  const kinds = await secondFactorKinds(user.id);
  return { totp: kinds.includes("TOTP"), passkey: kinds.includes("PASSKEY") };
});
