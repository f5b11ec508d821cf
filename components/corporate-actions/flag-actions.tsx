"use client";

import { useActionState } from "react";
import { InlineStatus } from "@/components/ui/inline-status";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * What an operator does with one flagged move: record it as a split (the likely ratio pre-filled, both terms
 * editable) or dismiss it as a real market move. Each input is labelled with the flag it belongs to.
 */
export function FlagActions({
  flag,
  record,
  dismiss,
}: {
  flag: { id: string; symbol: string; date: string; toShares: number; fromShares: number };
  record: Action;
  dismiss: Action;
}) {
  const [recorded, recordAction, recording] = useActionState(record, IDLE);
  const [dismissed, dismissAction, dismissing] = useActionState(dismiss, IDLE);
  const done = recorded.status === "success" || dismissed.status === "success";
  const id = `flag-${flag.id}`;
  const fieldError = recorded.status === "error" ? (recorded.fields.toShares ?? recorded.fields.fromShares) : undefined;
  return (
    <div className="stack">
      <form action={recordAction} className="inline-form" aria-label={`Record ${flag.symbol} ${flag.date} as a split`}>
        <input type="hidden" name="kind" value="SPLIT" />
        <input type="hidden" name="flagId" value={flag.id} />
        <input type="hidden" name="symbol" value={flag.symbol} />
        <input type="hidden" name="exDate" value={flag.date} />
        <label htmlFor={`${id}-to`} className="visually-hidden">
          New shares for {flag.symbol} on {flag.date}
        </label>
        <input id={`${id}-to`} name="toShares" type="number" inputMode="numeric" min={1} max={1000} defaultValue={flag.toShares} className="ratio-input" aria-invalid={fieldError ? true : undefined} />
        <span aria-hidden="true">:</span>
        <label htmlFor={`${id}-from`} className="visually-hidden">
          Old shares for {flag.symbol} on {flag.date}
        </label>
        <input id={`${id}-from`} name="fromShares" type="number" inputMode="numeric" min={1} max={1000} defaultValue={flag.fromShares} className="ratio-input" aria-invalid={fieldError ? true : undefined} />
        <button type="submit" className="button" disabled={recording || done}>
          Record as split
        </button>
        {fieldError && <span className="field-error">{fieldError}</span>}
        <InlineStatus state={recorded} />
      </form>
      <form action={dismissAction} className="inline-form">
        <input type="hidden" name="flagId" value={flag.id} />
        <button type="submit" className="button button-quiet" disabled={dismissing || done} aria-label={`Dismiss: a real market move (${flag.symbol} on ${flag.date})`}>
          Dismiss: a real market move
        </button>
        <InlineStatus state={dismissed} />
      </form>
    </div>
  );
}
