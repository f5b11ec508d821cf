"use client";

import { Alert } from "@/components/ui/alert";
import type { FormState } from "@/lib/http/form-state";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Halts all order placement; the reason is shown to staff and kept in the audit trail. */
export function HaltTradingForm({ action }: { action: Action }) {
  const { state, submit: formAction, pending, retry } = useStepUpAction(action);
  const error = state.status === "error" ? state.fields.reason : undefined;
  return (
    <>
      <form action={formAction} className="stack">
        {state.status === "error" && !error && <Alert>{state.message}</Alert>}
        <div className="field">
          <label htmlFor="halt-reason">Reason for halting</label>
          <p id="halt-reason-hint" className="field-hint">
            Staff see it on this page; it is kept in the audit trail.
          </p>
          <textarea
            id="halt-reason"
            name="reason"
            rows={2}
            aria-describedby={error ? "halt-reason-hint halt-reason-error" : "halt-reason-hint"}
            aria-invalid={error ? true : undefined}
          />
          {error && (
            <p id="halt-reason-error" className="field-error">
              {error}
            </p>
          )}
        </div>
        <p>
          <button type="submit" className="button" disabled={pending}>
            Halt trading
          </button>
        </p>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}

export function ResumeTradingForm({ action }: { action: Action }) {
  const { state, submit: formAction, pending, retry } = useStepUpAction(action);
  return (
    <>
      <form action={formAction} className="stack">
        {state.status === "error" && <Alert>{state.message}</Alert>}
        <p>
          <button type="submit" className="button" disabled={pending}>
            Resume trading
          </button>
        </p>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
