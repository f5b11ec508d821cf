"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * One consultation time, or a series back to back, and how the calls happen; times are typed in the advisor's
 * zone (`timeZone`, sent with the form; `zone` is how it is named) and the labels say so.
 */
export function PublishSlotsForm({ action, timeZone, zone }: { action: Action; timeZone: string; zone: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const typed = (state.status === "error" ? state.values : undefined) ?? {};
  return (
    // Remounted after a refusal so the fields show what was typed.
    <form key={state.status === "error" ? JSON.stringify(state) : "form"} action={formAction} className="stack">
      {state.status === "error" && Object.keys(fields).length === 0 && <Alert>{state.message}</Alert>}
      {state.status === "success" && <Alert tone="info">{state.message}</Alert>}
      <input type="hidden" name="timeZone" value={timeZone} />
      <Field name="startsAt" label={`First slot starts (${zone})`} hint={`Date and time in ${zone}, your time zone.`} type="datetime-local" defaultValue={typed.startsAt} required error={fields.startsAt} />
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
      <div className="field">
        <label htmlFor="method">How the calls happen</label>
        <select id="method" name="method" defaultValue={typed.method ?? "PHONE"}>
          <option value="PHONE">Phone</option>
          <option value="VIDEO">Video call</option>
        </select>
      </div>
      <Field
        name="methodDetail"
        label="Video link or phone number"
        hint="For a video call, its https:// link. For a phone call, the number your client calls, or leave it empty to call them yourself."
        defaultValue={typed.methodDetail}
        error={fields.methodDetail}
      />
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Publishing…" : "Publish"}
      </button>
    </form>
  );
}
