"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Starts the preview of following (or leaving) a strategy; the action opens the preview, where the investor confirms. */
export function FollowStrategyForm({ action, slug, label, quiet = false }: { action: Action; slug?: string; label: string; quiet?: boolean }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="stack">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      {slug && <input type="hidden" name="slug" value={slug} />}
      <p>
        <button type="submit" className={quiet ? "button button-quiet" : "button"} disabled={pending}>
          {pending ? "Preparing the preview…" : label}
        </button>
      </p>
    </form>
  );
}
