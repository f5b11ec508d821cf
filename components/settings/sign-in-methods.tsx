"use client";

import { signIn } from "next-auth/react";
import { useEffect } from "react";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { StepUpRowButton } from "@/components/security/step-up-row-button";
import { useStepUpAction } from "@/components/security/use-step-up-action";
import { Alert } from "@/components/ui/alert";
import type { OidcProviderInfo } from "@/lib/auth/oidc/providers";
import type { FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** "Link Google": the action checks step-up and records the link intent; then the provider's flow starts here. */
export function LinkProviderForm({ action, provider }: { action: Action; provider: OidcProviderInfo }) {
  const { state, submit, pending, retry } = useStepUpAction(action);
  useEffect(() => {
    if (state.status === "success") void signIn(provider.id, { callbackUrl: "/settings" });
  }, [state, provider.id]);
  return (
    <>
      <form action={submit} className="stack">
        {state.status === "error" && !state.stepUp && <Alert>{state.message}</Alert>}
        {state.status === "success" && <Alert tone="info">{state.message}</Alert>}
        <input type="hidden" name="provider" value={provider.id} />
        <button type="submit" className="button" disabled={pending || state.status === "success"}>
          Link {provider.name}
        </button>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}

export function UnlinkProviderForm({ action, identityId, providerName }: { action: Action; identityId: string; providerName: string }) {
  return <StepUpRowButton action={action} field="identityId" value={identityId} label="Unlink" name={`Unlink ${providerName}`} />;
}
