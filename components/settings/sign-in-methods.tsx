"use client";

import { signIn } from "next-auth/react";
import { useActionState, useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import type { OidcProviderInfo } from "@/lib/auth/oidc/providers";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** "Link Google": the action checks step-up and records the link intent; then the provider's flow starts here. */
export function LinkProviderForm({ action, provider }: { action: Action; provider: OidcProviderInfo }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  useEffect(() => {
    if (state.status === "success") void signIn(provider.id, { callbackUrl: "/settings" });
  }, [state, provider.id]);
  return (
    <form action={formAction} className="stack">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      {state.status === "success" && <Alert tone="info">{state.message}</Alert>}
      <input type="hidden" name="provider" value={provider.id} />
      <button type="submit" className="button" disabled={pending || state.status === "success"}>
        Link {provider.name}
      </button>
    </form>
  );
}

export function UnlinkProviderForm({ action, identityId, providerName }: { action: Action; identityId: string; providerName: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="identityId" value={identityId} />
      <button type="submit" className="button button-quiet" disabled={pending} aria-label={`Unlink ${providerName}`}>
        Unlink
      </button>
      {state.status === "error" && (
        <span role="alert" className="inline-error">
          {state.message}
        </span>
      )}
    </form>
  );
}
