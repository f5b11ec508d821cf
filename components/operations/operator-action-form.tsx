"use client";

import { useActionState } from "react";
import { InlineStatus } from "@/components/ui/inline-status";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * One operator action on one thing (retry or cancel a run, release an account): the hidden `fields` say which,
 * the button's accessible `label` names it in full, and the outcome shows beside it. Done once: the button stays
 * disabled after it succeeded.
 */
export function OperatorActionForm({ action, fields, text, label }: { action: Action; fields: Record<string, string>; text: string; label: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="button button-quiet" disabled={pending || state.status === "success"} aria-label={label}>
        {text}
      </button>
      <InlineStatus state={state} />
    </form>
  );
}
