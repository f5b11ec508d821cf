"use client";

import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";
import { Alert } from "@/components/ui/alert";
import type { FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export interface FieldSpec {
  name: string;
  label: string;
  type?: "text" | "email" | "date" | "number" | "textarea" | "select" | "month";
  hint?: string;
  defaultValue?: string;
  options?: { value: string; label: string }[];
}

/**
 * One admin form about fees (a schedule, an assignment, a waiver, a month to bill): its fields, the message, and
 * the step-up dialog when the session must prove its second factor again. Values come back after an error.
 */
export function FeeAdminForm({ action, id, fields, submit }: { action: Action; id: string; fields: FieldSpec[]; submit: string }) {
  const { state, submit: formAction, pending, retry } = useStepUpAction(action);
  const errors = state.status === "error" ? state.fields : {};
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <>
      <form action={formAction} className="stack" aria-label={submit}>
        {state.status === "error" && !state.stepUp && <Alert>{state.message}</Alert>}
        {state.status === "success" && <Alert tone="success">{state.message}</Alert>}
        {fields.map((field) => {
          const fieldId = `${id}-${field.name}`;
          const error = errors[field.name];
          const describedBy = [field.hint && `${fieldId}-hint`, error && `${fieldId}-error`].filter(Boolean).join(" ") || undefined;
          const common = {
            id: fieldId,
            name: field.name,
            defaultValue: values[field.name] ?? field.defaultValue,
            "aria-describedby": describedBy,
            "aria-invalid": error ? true : undefined,
          };
          return (
            <div className="field" key={`${field.name}-${state.status}`}>
              <label htmlFor={fieldId}>{field.label}</label>
              {field.hint && (
                <p id={`${fieldId}-hint`} className="field-hint">
                  {field.hint}
                </p>
              )}
              {field.type === "textarea" ? (
                <textarea rows={3} {...common} />
              ) : field.type === "select" ? (
                <select {...common}>
                  {field.options?.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input type={field.type ?? "text"} {...common} />
              )}
              {error && (
                <p id={`${fieldId}-error`} className="field-error">
                  {error}
                </p>
              )}
            </div>
          );
        })}
        <p>
          <button type="submit" className="button" disabled={pending}>
            {submit}
          </button>
        </p>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
