"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** A labelled text area with its error tied to it; `key` resets it after a success. */
function TextArea({ id, name, label, hint, error, rows = 3 }: { id: string; name: string; label: string; hint?: string; error?: string; rows?: number }) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <textarea id={id} name={name} rows={rows} aria-describedby={described} aria-invalid={error ? true : undefined} />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Outcome({ state, fieldErrors }: { state: FormState; fieldErrors: boolean }) {
  if (state.status === "error" && !fieldErrors) return <Alert>{state.message}</Alert>;
  if (state.status === "success") return <Alert tone="info">{state.message}</Alert>;
  return null;
}

/** A private note about the client: staff see it, the investor never does. */
export function NoteForm({ action, clientId }: { action: Action; clientId: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const error = state.status === "error" ? state.fields.body : undefined;
  return (
    <form action={formAction} className="stack">
      <Outcome state={state} fieldErrors={!!error} />
      <input type="hidden" name="clientId" value={clientId} />
      <TextArea id="note-body" name="body" label="New private note" hint="Only advisors and admins see notes." error={error} />
      <p>
        <button type="submit" className="button" disabled={pending}>
          Add note
        </button>
      </p>
    </form>
  );
}

/** Asks the rebalance workflow to trade the client's holdings back to their model now. */
export function RebalanceForm({ action, clientId }: { action: Action; clientId: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const error = state.status === "error" ? state.fields.reason : undefined;
  return (
    <form action={formAction} className="stack">
      <Outcome state={state} fieldErrors={!!error} />
      <input type="hidden" name="clientId" value={clientId} />
      <TextArea id="rebalance-reason" name="reason" label="Reason for the rebalance" rows={2} error={error} />
      <p>
        <button type="submit" className="button" disabled={pending}>
          Start a rebalance
        </button>
      </p>
    </form>
  );
}

/** Moves the client to another model portfolio, with the reason recorded in the audit trail. */
export function ChangeModelForm({
  action,
  clientId,
  models,
  current,
}: {
  action: Action;
  clientId: string;
  models: { id: string; name: string; version: number }[];
  current: string | null;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  return (
    <form action={formAction} className="stack">
      <Outcome state={state} fieldErrors={!!fields.modelId} />
      <input type="hidden" name="clientId" value={clientId} />
      <div className="field">
        <label htmlFor="model-id">New model</label>
        <select id="model-id" name="modelId" defaultValue={current ?? ""} aria-invalid={fields.modelId ? true : undefined} aria-describedby={fields.modelId ? "model-id-error" : undefined}>
          {!current && <option value="">Choose a model</option>}
          {models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.name} (version {model.version})
            </option>
          ))}
        </select>
        {fields.modelId && (
          <p id="model-id-error" className="field-error">
            {fields.modelId}
          </p>
        )}
      </div>
      <p>
        <button type="submit" className="button" disabled={pending}>
          Preview the change
        </button>
      </p>
    </form>
  );
}
