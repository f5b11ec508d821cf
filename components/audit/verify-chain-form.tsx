"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * Recomputes the whole chain on the server and says whether it is intact, or where it first breaks; with an
 * exported seal pasted in, also whether the chain still holds that seal unchanged.
 */
export function VerifyChainForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const anchorError = state.status === "error" ? state.fields.anchor : undefined;
  return (
    <form action={formAction} className="stack">
      <div className="field">
        <label htmlFor="anchor">Exported seal (optional)</label>
        <textarea
          id="anchor"
          name="anchor"
          rows={4}
          spellCheck={false}
          aria-invalid={anchorError ? true : undefined}
          aria-describedby={anchorError ? "anchor-hint anchor-error" : "anchor-hint"}
        />
        <p id="anchor-hint" className="field-hint">
          Paste a seal downloaded earlier to confirm the chain still holds it unchanged.
        </p>
        {anchorError && (
          <p id="anchor-error" className="field-error">
            {anchorError}
          </p>
        )}
      </div>
      <p className="actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Verifying…" : "Verify the chain"}
        </button>
      </p>
      {state.status === "success" && <Alert tone="success">{state.message}</Alert>}
      {state.status === "error" && <Alert>{state.message}</Alert>}
    </form>
  );
}
