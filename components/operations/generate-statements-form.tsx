"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * Staff generate a month's statements now: the month under way gives a month-to-date statement (it says so), a past
 * month the statements still missing. Documents already made are kept, never made again.
 */
export function GenerateStatementsForm({ action, currentMonth }: { action: Action; currentMonth: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const error = state.status === "error" ? state.fields.month : undefined;
  return (
    <form action={formAction} className="stack">
      {state.status === "error" && !error && <Alert>{state.message}</Alert>}
      <div className="field">
        <label htmlFor="statements-month">Month</label>
        <p id="statements-month-hint" className="field-hint">
          This month gives statements to date; an earlier month, the statements it is missing. Each investor is notified.
        </p>
        <input
          id="statements-month"
          name="month"
          type="month"
          required
          defaultValue={currentMonth}
          max={currentMonth}
          aria-describedby={error ? "statements-month-hint statements-month-error" : "statements-month-hint"}
          aria-invalid={error ? true : undefined}
        />
        {error && (
          <p id="statements-month-error" className="field-error">
            {error}
          </p>
        )}
      </div>
      <p>
        <button type="submit" className="button" disabled={pending}>
          Generate statements
        </button>
      </p>
      {state.status === "success" && <p role="status">{state.message}</p>}
    </form>
  );
}
