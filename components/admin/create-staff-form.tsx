"use client";

import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/http/form-state";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export function CreateStaffForm({ action }: { action: Action }) {
  const { state, submit: formAction, pending, retry } = useStepUpAction(action);
  const fields = state.status === "error" ? state.fields : {};
  return (
    <>
      <form action={formAction} className="stack" aria-labelledby="create-staff-heading">
        <h2 id="create-staff-heading">Create a staff account</h2>
        {state.status === "success" && <Alert tone="success">{state.message}</Alert>}
        {state.status === "error" && Object.keys(fields).length === 0 && <Alert>{state.message}</Alert>}
        <Field name="name" label="Full name" required error={fields.name} />
        <Field name="email" label="Email" type="email" required error={fields.email} />
        <Field
          name="password"
          label="Initial password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 12 characters; share it with them securely."
          error={fields.password}
        />
        <div className="field">
          <label htmlFor="role">Role</label>
          <select id="role" name="role" defaultValue="ADVISOR" aria-invalid={fields.role ? true : undefined}>
            <option value="ADVISOR">Advisor</option>
            <option value="ADMIN">Admin</option>
          </select>
          {fields.role && <p className="field-error">{fields.role}</p>}
        </div>
        <button type="submit" className="button" disabled={pending}>
          Create account
        </button>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
