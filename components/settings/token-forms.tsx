"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export function CreateTokenForm({ action }: { action: Action }) {
  const { state, submit: formAction, pending, retry } = useStepUpAction(action);
  return (
    <>
      <form action={formAction} className="stack">
        {state.status === "success" && (
          <Alert tone="success">
            <p>Your new token (copy it now: it is not shown again):</p>
            <p>
              <code data-testid="new-token">{state.message}</code>
            </p>
          </Alert>
        )}
        {state.status === "error" && !state.fields.name && <Alert>{state.message}</Alert>}
        <Field name="name" label="Token name" placeholder="Spreadsheet" required error={state.status === "error" ? state.fields.name : undefined} />
        <button type="submit" className="button" disabled={pending}>
          Create a read-only token
        </button>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}

export function RevokeTokenForm({ action, tokenId, name }: { action: Action; tokenId: string; name: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="tokenId" value={tokenId} />
      <button type="submit" className="button button-quiet" disabled={pending} aria-label={`Revoke token ${name}`}>
        Revoke
      </button>
      {state.status === "error" && <span role="alert" className="inline-error">{state.message}</span>}
    </form>
  );
}
