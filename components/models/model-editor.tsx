"use client";

import Decimal from "decimal.js";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

const NUMBER = /^\d+(\.\d+)?$/;

/** The running total as the server will add it (decimals, not floats); null while an entry is not a number. */
function totalOf(values: Record<string, string>): Decimal | null {
  let total = new Decimal(0);
  for (const text of Object.values(values).map((value) => value.trim())) {
    if (text === "") continue;
    if (!NUMBER.test(text)) return null;
    total = total.plus(text);
  }
  return total;
}

/**
 * Edits a model's weights (percent, to 4 decimals) and drift band, and publishes them as the next version.
 * The inputs keep what was typed when the server refuses it; the server checks everything again.
 */
export function ModelEditor({
  action,
  previewAction,
  modelId,
  baseVersion,
  assets,
  weights,
  driftBand,
  bandLimits,
}: {
  action: Action;
  /** Says how many accounts and how much money publishing would move. */
  previewAction: Action;
  modelId: string;
  baseVersion: number;
  assets: { symbol: string; name: string }[];
  /** Symbol → percent text of the current version ("35", "33.3333"). */
  weights: Record<string, string>;
  driftBand: string;
  bandLimits: string;
}) {
  const { state, submit: formAction, pending, retry } = useStepUpAction(action);
  const [values, setValues] = useState(() => Object.fromEntries(assets.map((asset) => [asset.symbol, weights[asset.symbol] ?? ""])));
  const [band, setBand] = useState(driftBand);
  const [impact, preview, previewing] = useActionState(previewAction, IDLE);
  const [when, setWhen] = useState<"now" | "date">("now");
  const fields = state.status === "error" ? state.fields : {};
  const total = totalOf(values);
  return (
    <>
      <form action={formAction} className="stack" aria-labelledby="edit-heading">
        <h2 id="edit-heading">Edit and publish</h2>
        {state.status === "error" && <Alert>{state.message}</Alert>}
        {state.status === "success" && <Alert tone="success">{state.message}</Alert>}
        <input type="hidden" name="modelId" value={modelId} />
        <input type="hidden" name="baseVersion" value={baseVersion} />
        <fieldset className="choices">
          <legend>Target weights (they must add up to exactly 100%; leave an asset blank to leave it out)</legend>
          <div className="filters">
            {assets.map((asset) => (
              <Field
                key={asset.symbol}
                id={`weight-${asset.symbol}`}
                name={`weight:${asset.symbol}`}
                label={`${asset.symbol} weight (%)`}
                hint={asset.name}
                inputMode="decimal"
                autoComplete="off"
                size={9}
                value={values[asset.symbol]}
                onChange={(event) => setValues((current) => ({ ...current, [asset.symbol]: event.target.value }))}
                error={fields[`weights.${asset.symbol}`]}
              />
            ))}
          </div>
          <p aria-live="polite" data-testid="weights-total">
            Total: {total ? `${total.toFixed()}%` : "not a number yet"}
          </p>
        </fieldset>
        <Field
          name="driftBand"
          label="Drift band (%)"
          hint={`Accounts are rebalanced when they drift further than this from the weights: ${bandLimits}.`}
          inputMode="decimal"
          autoComplete="off"
          value={band}
          onChange={(event) => setBand(event.target.value)}
          error={fields.driftBand}
        />
        <fieldset className="choices">
          <legend>When accounts on earlier versions move to it</legend>
          <label>
            <input type="radio" name="when" value="now" checked={when === "now"} onChange={() => setWhen("now")} /> Move accounts now
          </label>
          <label>
            <input type="radio" name="when" value="date" checked={when === "date"} onChange={() => setWhen("date")} /> Schedule for a date
          </label>
          {when === "date" && (
            <Field
              name="migrateOn"
              type="date"
              label="Date (New York)"
              hint="Accounts move from midnight that day, New York time; you can cancel until then."
              error={fields.migrateOn}
            />
          )}
        </fieldset>
        {impact.status === "success" && (
          <p role="status" className="alert alert-info" data-testid="publish-impact">
            {impact.message}
          </p>
        )}
        {impact.status === "error" && <Alert>{impact.message}</Alert>}
        <p className="actions">
          <button type="submit" className="button button-quiet" formAction={preview} disabled={previewing}>
            {previewing ? "Counting…" : "Preview what moves"}
          </button>
          <button type="submit" className="button" disabled={pending}>
            Publish version {baseVersion + 1}
          </button>
        </p>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
