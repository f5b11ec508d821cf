"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** The advisor's open times to choose from, and what the investor would like to talk about. */
export function BookForm({ action, advisorName, slots }: { action: Action; advisorName: string; slots: { id: string; label: string; how: string }[] }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const typed = (state.status === "error" ? state.values : undefined) ?? {};
  return (
    <form key={state.status === "error" ? JSON.stringify(state) : "form"} action={formAction} className="stack">
      {state.status === "error" && <Alert>{fields.slotId ?? fields.topic ?? state.message}</Alert>}
      {state.status === "success" && <Alert tone="info">{state.message}</Alert>}
      <fieldset className="choices">
        <legend>Open times with {advisorName}</legend>
        {slots.map((slot) => (
          <label key={slot.id}>
            <input type="radio" name="slotId" value={slot.id} required />
            {slot.label} <span className="muted">({slot.how})</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="topic">What would you like to talk about? (optional)</label>
        <textarea id="topic" name="topic" rows={3} maxLength={500} defaultValue={typed.topic} aria-invalid={fields.topic ? true : undefined} />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Booking…" : "Book this time"}
      </button>
    </form>
  );
}
