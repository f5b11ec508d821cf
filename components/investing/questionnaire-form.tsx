"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";
import type { Question } from "@/lib/investing/risk";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export function QuestionnaireForm({ action, questions, previous }: { action: Action; questions: readonly Question[]; previous?: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const values = (state.status === "error" && state.values) || previous || {};
  return (
    // Remounted with each answer so a refused submission keeps the choices already made.
    <form key={JSON.stringify(values)} action={formAction} className="stack">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      {questions.map((question, index) => (
        <fieldset
          key={question.id}
          className="choices"
          aria-invalid={fields[question.id] ? true : undefined}
          aria-describedby={fields[question.id] ? `${question.id}-error` : undefined}
        >
          <legend>
            {index + 1}. {question.text}
          </legend>
          {question.options.map((option) => (
            <label key={option.value}>
              <input type="radio" name={question.id} value={option.value} defaultChecked={values[question.id] === option.value} />{" "}
              {option.label}
            </label>
          ))}
          {fields[question.id] && (
            <p id={`${question.id}-error`} className="field-error">
              {fields[question.id]}
            </p>
          )}
        </fieldset>
      ))}
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Scoring…" : "See my risk score"}
      </button>
    </form>
  );
}
