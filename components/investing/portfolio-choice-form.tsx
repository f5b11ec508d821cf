"use client";

import { startTransition, useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export interface ChoiceOption {
  slug: string;
  name: string;
  status: "recommended" | "lower" | "higher" | "beyond-capacity";
  current: boolean;
}

/**
 * Picks one of the models. Above the recommendation a warning and an acknowledgement box appear (the server refuses
 * the choice without it); beyond the capacity ceiling an option cannot be picked (and the server refuses it too).
 */
export function PortfolioChoiceForm({ action, options, ceilingReason }: { action: Action; options: ChoiceOption[]; ceilingReason: string | null }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const typed = state.status === "error" ? state.values : undefined;
  const [selected, setSelected] = useState(typed?.model ?? options.find((o) => o.current)?.slug ?? "");
  const chosen = options.find((o) => o.slug === selected);
  return (
    <form
      action={formAction}
      // Sent by hand so that React does not reset the form after a refusal: the radios are controlled, and a reset
      // would show the current portfolio checked while the choice (and its warning) stay on the one picked.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="stack"
      aria-labelledby="choose-heading"
    >
      {state.status === "error" && <Alert>{state.message}</Alert>}
      <fieldset className="choices" aria-describedby={fields.model ? "model-error" : undefined}>
        <legend>Portfolio</legend>
        {options.map((option) => (
          <label key={option.slug}>
            <input
              type="radio"
              name="model"
              value={option.slug}
              checked={selected === option.slug}
              disabled={option.status === "beyond-capacity"}
              onChange={() => setSelected(option.slug)}
            />{" "}
            {option.name}
            {option.status === "recommended" && " (recommended for you)"}
            {option.current && " (your portfolio now)"}
            {option.status === "beyond-capacity" && " (not available: beyond what your answers allow)"}
          </label>
        ))}
        {fields.model && (
          <p id="model-error" className="field-error">
            {fields.model}
          </p>
        )}
      </fieldset>
      {ceilingReason && <p className="field-hint">Higher-risk portfolios are not available because {ceilingReason}.</p>}
      {chosen?.status === "higher" && (
        <div className="alert alert-error" role="alert" data-testid="risk-warning">
          <p>
            <strong>{chosen.name} takes more risk than your answers support.</strong> It can fall further and for longer than the portfolio we
            recommend; you might need the money while it is down.
          </p>
          <label className="acknowledge">
            <input type="checkbox" name="acknowledge" aria-describedby={fields.acknowledge ? "acknowledge-error" : undefined} /> I understand that
            this portfolio takes more risk than recommended for me, and I accept it.
          </label>
          {fields.acknowledge && (
            <p id="acknowledge-error" className="field-error">
              {fields.acknowledge}
            </p>
          )}
        </div>
      )}
      <p>
        <button type="submit" className="button" disabled={pending || !chosen || chosen.current}>
          {pending ? "Preparing…" : "Review this change"}
        </button>
      </p>
    </form>
  );
}
