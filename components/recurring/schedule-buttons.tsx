"use client";

import { useActionState } from "react";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** One action on one schedule (skip next, pause, resume, cancel), named for the schedule it acts on. */
export function ScheduleButton({ action, scheduleId, label, name, danger = false }: { action: Action; scheduleId: string; label: string; name: string; danger?: boolean }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="scheduleId" value={scheduleId} />
      <button type="submit" className={`button ${danger ? "button-danger" : "button-quiet"}`} disabled={pending} aria-label={`${label}: ${name}`}>
        {label}
      </button>
      {state.status === "error" && (
        <span role="alert" className="inline-error">
          {state.message}
        </span>
      )}
      {state.status === "success" && (
        <span role="status" className="inline-success">
          {state.message}
        </span>
      )}
    </form>
  );
}
