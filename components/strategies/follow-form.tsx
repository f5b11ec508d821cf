"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * Starts the preview of following (or leaving) a strategy; the action opens the preview, where the investor confirms.
 * `acknowledge`: the strategy takes more risk than the questionnaire recommends, so the investor ticks a box
 * accepting it (the server refuses the follow without it, as /portfolio does).
 */
export function FollowStrategyForm({ action, slug, label, quiet = false, acknowledge = false }: { action: Action; slug?: string; label: string; quiet?: boolean; acknowledge?: boolean }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  return (
    <form action={formAction} className="stack">
      {/* A refusal about the box is said beside the box; any other above the button. */}
      {state.status === "error" && !fields.acknowledge && <Alert>{state.message}</Alert>}
      {slug && <input type="hidden" name="slug" value={slug} />}
      {acknowledge && (
        <>
          <label className="acknowledge">
            <input type="checkbox" name="acknowledge" aria-invalid={fields.acknowledge ? true : undefined} aria-describedby={fields.acknowledge ? "follow-acknowledge-error" : undefined} /> I understand that this
            strategy takes more risk than recommended for me, and I accept it.
          </label>
          {fields.acknowledge && (
            <p id="follow-acknowledge-error" className="field-error" role="alert">
              {fields.acknowledge}
            </p>
          )}
        </>
      )}
      <p>
        <button type="submit" className={quiet ? "button button-quiet" : "button"} disabled={pending}>
          {pending ? "Preparing the preview…" : label}
        </button>
      </p>
    </form>
  );
}
