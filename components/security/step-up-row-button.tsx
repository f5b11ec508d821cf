"use client";

import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";
import type { FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * A table row's one-button form for a change that needs step-up (remove a factor, unlink a provider): the row's id
 * as a hidden field, the error beside the button, and the step-up dialog that sends the same form again.
 */
export function StepUpRowButton({ action, field, value, label, name }: { action: Action; field: string; value: string; label: string; name: string }) {
  const { state, submit, pending, retry } = useStepUpAction(action);
  return (
    <>
      <form action={submit} className="inline-form">
        <input type="hidden" name={field} value={value} />
        <button type="submit" className="button button-quiet" disabled={pending} aria-label={name}>
          {label}
        </button>
        {state.status === "error" && !state.stepUp && (
          <span role="alert" className="inline-error">
            {state.message}
          </span>
        )}
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
