"use client";

import { useActionState } from "react";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Test mode only: make a test bank transfer settle or bounce now, as the bank would days later. */
export function SettleTestTransfer({ action, depositId }: { action: Action; depositId: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="depositId" value={depositId} />
      <button type="submit" name="outcome" value="succeeded" className="button button-quiet" disabled={pending}>
        Settle test transfer
      </button>
      <button type="submit" name="outcome" value="failed" className="button button-quiet" disabled={pending}>
        Bounce test transfer
      </button>
      {state.status === "error" && <span role="alert" className="inline-error">{state.message}</span>}
    </form>
  );
}
