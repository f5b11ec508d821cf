"use client";

import { useActionState } from "react";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export function CancelWithdrawal({ action, withdrawalId }: { action: Action; withdrawalId: string }) {
  const [state, dispatch, pending] = useActionState(action, IDLE);
  return (
    <form action={dispatch} className="inline-form">
      <input type="hidden" name="withdrawalId" value={withdrawalId} />
      <button type="submit" className="button button-quiet" disabled={pending}>
        Cancel withdrawal
      </button>
      {state.status !== "idle" && (
        <span role="status" className={state.status === "error" ? "field-error" : "status-detail"}>
          {" "}
          {state.message}
        </span>
      )}
    </form>
  );
}
