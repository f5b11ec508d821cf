"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Approve a pending identity check, or reject it with a reason the investor will read. */
export function KycReviewForm({ action, clientId }: { action: Action; clientId: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const reasonError = state.status === "error" ? state.fields.reason : undefined;
  return (
    <form action={formAction} className="stack">
      {state.status === "error" && !reasonError && <Alert>{state.message}</Alert>}
      {state.status === "success" && <Alert tone="info">{state.message}</Alert>}
      <input type="hidden" name="clientId" value={clientId} />
      <div className="field">
        <label htmlFor="reason">Reason for a rejection</label>
        <p id="reason-hint" className="field-hint">
          The investor reads it: say what to fix.
        </p>
        <textarea id="reason" name="reason" rows={3} aria-describedby={reasonError ? "reason-hint reason-error" : "reason-hint"} aria-invalid={reasonError ? true : undefined} />
        {reasonError && (
          <p id="reason-error" className="field-error">
            {reasonError}
          </p>
        )}
      </div>
      <p className="actions">
        <button type="submit" name="decision" value="approve" className="button" disabled={pending}>
          Approve identity
        </button>
        <button type="submit" name="decision" value="reject" className="button button-quiet" disabled={pending}>
          Reject with reason
        </button>
      </p>
    </form>
  );
}
