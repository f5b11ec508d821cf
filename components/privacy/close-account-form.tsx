"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** The last step: the investor types their email address and password to close their account for good. */
export function CloseAccountForm({ action, email }: { action: Action; email: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const typed = (state.status === "error" ? state.values : undefined) ?? {};
  return (
    // Drawn afresh after a refusal, so the typed email comes back and the password field is empty.
    <form key={state.status === "error" ? JSON.stringify(state) : "form"} action={formAction} method="post" className="stack">
      {state.status === "error" && Object.keys(fields).length === 0 && <Alert>{state.message}</Alert>}
      <Field
        name="confirmation"
        label="Type your email address to confirm"
        hint={`This closes the account of ${email} for good.`}
        type="text"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
        defaultValue={typed.confirmation}
        error={fields.confirmation}
      />
      <Field name="password" label="Your password" type="password" autoComplete="current-password" required error={fields.password} />
      <button type="submit" className="button button-danger" disabled={pending}>
        {pending ? "Closing…" : "Close my account"}
      </button>
    </form>
  );
}
