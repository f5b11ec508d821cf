"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export interface GoalFormValues {
  goalId?: string;
  kind: string;
  name: string;
  /** Dollars as typed, e.g. "250000.00". */
  targetAmount: string;
  /** YYYY-MM-DD. */
  targetDate: string;
  monthlyContribution: string;
  accountSharePercent: string;
}

const KINDS: { value: string; label: string }[] = [
  { value: "RETIREMENT", label: "Retirement" },
  { value: "HOME", label: "A home" },
  { value: "SAFETY_NET", label: "A safety net" },
  { value: "GENERAL", label: "Something else" },
];

/** Sets up (or, with `values.goalId`, changes) a goal; the server checks every field and saves nothing on an error. */
export function GoalForm({ action, values, maxShare, submitLabel }: { action: Action; values: GoalFormValues; maxShare: number; submitLabel: string }) {
  const [state, submit, pending] = useActionState(action, IDLE);
  const [form, setForm] = useState(values);
  const fields = state.status === "error" ? state.fields : {};
  const set = (key: keyof GoalFormValues) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [key]: event.target.value }));
  return (
    <form action={submit} className="stack" noValidate>
      {state.status === "error" && <Alert>{state.message}</Alert>}
      {values.goalId && <input type="hidden" name="goalId" value={values.goalId} />}
      <div className="field">
        <label htmlFor="goal-kind">What it is for</label>
        <select id="goal-kind" name="kind" value={form.kind} onChange={set("kind")} aria-invalid={fields.kind ? true : undefined}>
          {KINDS.map((kind) => (
            <option key={kind.value} value={kind.value}>
              {kind.label}
            </option>
          ))}
        </select>
        {fields.kind && <p className="field-error">{fields.kind}</p>}
      </div>
      <Field id="goal-name" name="name" label="Name" autoComplete="off" maxLength={80} value={form.name} onChange={set("name")} required error={fields.name} />
      <Field
        id="goal-target"
        name="targetAmount"
        label="Target amount (USD)"
        inputMode="decimal"
        autoComplete="off"
        placeholder="250000"
        hint="Up to $100,000,000."
        value={form.targetAmount}
        onChange={set("targetAmount")}
        required
        error={fields.targetAmount}
      />
      <Field
        id="goal-date"
        name="targetDate"
        type="date"
        label="Target date"
        hint="At least a month from today, at most 80 years."
        value={form.targetDate}
        onChange={set("targetDate")}
        required
        error={fields.targetDate}
      />
      <Field
        id="goal-monthly"
        name="monthlyContribution"
        label="Monthly contribution (USD)"
        inputMode="decimal"
        autoComplete="off"
        placeholder="500"
        hint="What you plan to add each month; 0 if nothing."
        value={form.monthlyContribution}
        onChange={set("monthlyContribution")}
        required
        error={fields.monthlyContribution}
      />
      <Field
        id="goal-share"
        name="accountSharePercent"
        type="number"
        inputMode="numeric"
        min={0}
        max={100}
        step={1}
        label="Share of your account counted toward it (%)"
        hint={`What you have invested today that is for this goal. Your other goals leave ${maxShare}%.`}
        value={form.accountSharePercent}
        onChange={set("accountSharePercent")}
        error={fields.accountSharePercent}
      />
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}

/** Deletes a goal (the list no longer shows it; the audit trail keeps the record). */
export function DeleteGoalButton({ action, goalId, name }: { action: Action; goalId: string; name: string }) {
  const [state, submit, pending] = useActionState(action, IDLE);
  return (
    <form action={submit} className="inline-form">
      <input type="hidden" name="goalId" value={goalId} />
      <button type="submit" className="button button-danger" disabled={pending} aria-label={`Delete goal: ${name}`}>
        Delete goal
      </button>
      {state.status === "error" && (
        <span role="alert" className="inline-error">
          {state.message}
        </span>
      )}
    </form>
  );
}
