"use client";

import { useActionState } from "react";
import { InlineStatus } from "@/components/ui/inline-status";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** A one-button form acting on one consultation time (cancel, withdraw); `name` says which, for assistive technology. */
export function SlotButton({ action, slotId, label, name }: { action: Action; slotId: string; label: string; name: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="slotId" value={slotId} />
      <button type="submit" className="button button-quiet" disabled={pending} aria-label={name}>
        {label}
      </button>
      <InlineStatus state={state} />
    </form>
  );
}
