"use client";

import { useActionState, type InputHTMLAttributes, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export type AccountField = InputHTMLAttributes<HTMLInputElement> & { name: string; label: string; hint?: string };

/**
 * One of the account's security forms (a password, an address, a link's confirmation): its fields with their
 * messages beside them, the outcome above, posted to a server action. A success replaces the form by its message
 * unless `keepAfterSuccess`. `unavailable` (a link that no longer works) replaces the form, but not the message of
 * the success that used the link up (the page re-renders after it).
 */
export function AccountForm({
  action,
  fields = [],
  hidden = {},
  submitLabel,
  pendingLabel,
  keepAfterSuccess = false,
  quiet = false,
  unavailable,
}: {
  action: Action;
  fields?: AccountField[];
  hidden?: Record<string, string>;
  submitLabel: string;
  pendingLabel?: string;
  keepAfterSuccess?: boolean;
  quiet?: boolean;
  unavailable?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fieldErrors = state.status === "error" ? state.fields : {};
  const unplaced = state.status === "error" && !fields.some((field) => fieldErrors[field.name]);
  if (state.status === "success" && !keepAfterSuccess) return <Alert tone="success">{state.message}</Alert>;
  if (unavailable) return <Alert>{unavailable}</Alert>;
  return (
    <form action={formAction} method="post" className={fields.length ? "stack" : "inline-form"}>
      {state.status === "success" && <Alert tone="success">{state.message}</Alert>}
      {state.status === "error" && unplaced && <Alert>{state.message}</Alert>}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((field) => (
        <Field key={field.name} {...field} error={fieldErrors[field.name]} />
      ))}
      <button type="submit" className={quiet ? "button button-quiet" : "button"} disabled={pending}>
        {pending ? (pendingLabel ?? submitLabel) : submitLabel}
      </button>
    </form>
  );
}
