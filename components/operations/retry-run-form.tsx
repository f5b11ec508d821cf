"use client";

import { useActionState } from "react";
import { InlineStatus } from "@/components/ui/inline-status";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Sends a failed run's event again (once); the button names the run it retries. */
export function RetryRunForm({ action, runId, label }: { action: Action; runId: string; label: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="runId" value={runId} />
      <button type="submit" className="button button-quiet" disabled={pending || state.status === "success"} aria-label={label}>
        Retry
      </button>
      <InlineStatus state={state} />
    </form>
  );
}
