"use client";

import { Alert } from "@/components/ui/alert";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";
import type { FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

function Outcome({ state }: { state: FormState }) {
  if (state.status === "idle" || (state.status === "error" && state.stepUp)) return null;
  return <Alert tone={state.status === "success" ? "success" : "error"}>{state.message}</Alert>;
}

/** Approve, or reject with a reason the client reads; both ask for the second factor again and are audited. */
export function DecideWithdrawal({ approve, reject, withdrawalId }: { approve: Action; reject: Action; withdrawalId: string }) {
  const approving = useStepUpAction(approve);
  const rejecting = useStepUpAction(reject);
  const reasonError = rejecting.state.status === "error" ? rejecting.state.fields.reason : undefined;
  const id = `reason-${withdrawalId}`;
  return (
    <div className="stack">
      <Outcome state={approving.state} />
      <Outcome state={rejecting.state} />
      <form action={approving.submit}>
        <input type="hidden" name="withdrawalId" value={withdrawalId} />
        <button type="submit" className="button" disabled={approving.pending}>
          Approve
        </button>
      </form>
      <form action={rejecting.submit} className="stack">
        <input type="hidden" name="withdrawalId" value={withdrawalId} />
        <div className="field">
          <label htmlFor={id}>Reason for rejecting (the client reads it)</label>
          <input id={id} name="reason" aria-invalid={reasonError ? true : undefined} aria-describedby={reasonError ? `${id}-error` : undefined} />
          {reasonError && (
            <p id={`${id}-error`} className="field-error">
              {reasonError}
            </p>
          )}
        </div>
        <p>
          <button type="submit" className="button button-danger" disabled={rejecting.pending}>
            Reject
          </button>
        </p>
      </form>
      <StepUpPrompt state={approving.state} onConfirmed={approving.retry} />
      <StepUpPrompt state={rejecting.state} onConfirmed={rejecting.retry} />
    </div>
  );
}

export function ApprovalLimitForm({ action, current }: { action: Action; current: string }) {
  const { state, submit, pending, retry } = useStepUpAction(action);
  const error = state.status === "error" ? state.fields.limit : undefined;
  return (
    <>
      <form action={submit} className="inline-form">
        <label htmlFor="limit">Approval limit (USD)</label>
        <input id="limit" name="limit" inputMode="decimal" defaultValue={current} aria-invalid={error ? true : undefined} />
        <button type="submit" className="button" disabled={pending}>
          Save limit
        </button>
      </form>
      {error && <p className="field-error">{error}</p>}
      <Outcome state={state} />
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
