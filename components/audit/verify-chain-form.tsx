"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState) => Promise<FormState>;

/** Recomputes the whole hash chain on the server and says whether it is intact, or where it first breaks. */
export function VerifyChainForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="stack">
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
