"use client";

import { useActionState } from "react";
import { InlineStatus } from "@/components/ui/inline-status";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Marks one notification read; the button's name says which ("Mark as read: Deposit of $500.00 received"). */
export function MarkReadForm({ action, notificationId, title }: { action: Action; notificationId: string; title: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="notificationId" value={notificationId} />
      <button type="submit" className="button button-quiet" disabled={pending} aria-label={`Mark as read: ${title}`}>
        Mark as read
      </button>
      <InlineStatus state={state} />
    </form>
  );
}

export function MarkAllReadForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <button type="submit" className="button button-quiet" disabled={pending}>
        Mark all as read
      </button>
      <InlineStatus state={state} />
    </form>
  );
}
