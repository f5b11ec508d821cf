"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** One consultation time, or a series back to back; times are typed in UTC and the labels say so. */
export function PublishSlotsForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const typed = (state.status === "error" ? state.values : undefined) ?? {};
  return (
    // Remounted after a refusal so the fields show what was typed.
    <form key={state.status === "error" ? JSON.stringify(state) : "form"} action={formAction} className="stack">
      {state.status === "error" && Object.keys(fields).length === 0 && <Alert>{state.message}</Alert>}
      {state.status === "success" && <Alert tone="info">{state.message}</Alert>}
      <Field name="startsAt" label="First slot starts (UTC)" hint="Date and time in UTC." type="datetime-local" defaultValue={typed.startsAt} required error={fields.startsAt} />
      <Field
        name="minutes"
        label="Length of each slot (minutes)"
        hint="From 15 minutes to 2 hours."
        type="number"
        min={15}
        max={120}
        step={5}
        defaultValue={typed.minutes ?? "30"}
        required
        error={fields.minutes}
      />
      <Field
        name="count"
        label="Number of slots"
        hint="Slots follow one another back to back; up to 16 at once."
        type="number"
        min={1}
        max={16}
        defaultValue={typed.count ?? "1"}
        required
        error={fields.count}
      />
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Publishing…" : "Publish"}
      </button>
    </form>
  );
}
