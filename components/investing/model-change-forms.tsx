"use client";

import { useActionState } from "react";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Which preview (and, for an advisor, which client) the form answers. */
function HiddenFields({ fields }: { fields: Record<string, string> }) {
  return Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

/**
 * Confirms a previewed change of model (step-up first). With `askReason` (an advisor's change) a reason is
 * required, and the client is told it.
 */
export function ConfirmModelChangeForm({ action, fields, askReason = false }: { action: Action; fields: Record<string, string>; askReason?: boolean }) {
  const { state, submit, pending, retry } = useStepUpAction(action);
  const reasonError = state.status === "error" ? state.fields.reason : undefined;
  const typed = state.status === "error" ? state.values?.reason : undefined;
  return (
    <>
      <form action={submit} className="stack">
        {state.status === "error" && !state.stepUp && !reasonError && <Alert>{state.message}</Alert>}
        <HiddenFields fields={fields} />
        {askReason && (
          <div className="field">
            <label htmlFor="change-reason">Reason (the client is told it)</label>
            <textarea
              id="change-reason"
              name="reason"
              rows={2}
              required
              minLength={10}
              // Remounted with what was typed when the server refuses it, so the reason can be corrected rather than retyped.
              key={typed ?? ""}
              defaultValue={typed}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? "change-reason-error" : undefined}
            />
            {reasonError && (
              <p id="change-reason-error" className="field-error">
                {reasonError}
              </p>
            )}
          </div>
        )}
        <p>
          <button type="submit" className="button" disabled={pending}>
            {pending ? "Confirming…" : "Confirm and rebalance"}
          </button>
        </p>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}

/** Closes the preview: nothing trades. */
export function DeclineModelChangeForm({ action, fields, label }: { action: Action; fields: Record<string, string>; label: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="stack">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      <HiddenFields fields={fields} />
      <p>
        <button type="submit" className="button button-quiet" disabled={pending}>
          {label}
        </button>
      </p>
    </form>
  );
}
