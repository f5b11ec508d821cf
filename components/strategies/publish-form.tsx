"use client";

import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";
import { Alert } from "@/components/ui/alert";
import type { FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Publishes a model as a public strategy with the description investors read, or changes that description (step-up first). */
export function PublishStrategyForm({ action, modelId, description, isPublic, limits }: { action: Action; modelId: string; description: string; isPublic: boolean; limits: { min: number; max: number } }) {
  const { state, submit, pending, retry } = useStepUpAction(action);
  const error = state.status === "error" && !state.stepUp ? state.fields.description : undefined;
  const typed = state.status === "error" ? state.values?.description : undefined;
  return (
    <>
      <form action={submit} className="stack">
        {state.status === "error" && !state.stepUp && !error && <Alert>{state.message}</Alert>}
        {state.status === "success" && <Alert tone="success">{state.message}</Alert>}
        <input type="hidden" name="modelId" value={modelId} />
        <div className="field">
          <label htmlFor="strategy-description">Description for investors</label>
          <p id="strategy-description-hint" className="field-hint">
            What the strategy aims for and what it holds, in plain words ({limits.min}–{limits.max} characters).
          </p>
          <textarea
            id="strategy-description"
            name="description"
            rows={3}
            required
            minLength={limits.min}
            maxLength={limits.max}
            key={typed ?? description}
            defaultValue={typed ?? description}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "strategy-description-hint strategy-description-error" : "strategy-description-hint"}
          />
          {error && (
            <p id="strategy-description-error" className="field-error">
              {error}
            </p>
          )}
        </div>
        <p>
          <button type="submit" className="button" disabled={pending}>
            {isPublic ? "Save the description" : "Publish as a strategy"}
          </button>
        </p>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}

/** Takes the strategy off the public list (step-up first); its followers stay on the model. */
export function UnpublishStrategyForm({ action, modelId }: { action: Action; modelId: string }) {
  const { state, submit, pending, retry } = useStepUpAction(action);
  return (
    <>
      <form action={submit} className="stack">
        {state.status === "error" && !state.stepUp && <Alert>{state.message}</Alert>}
        <input type="hidden" name="modelId" value={modelId} />
        <p>
          <button type="submit" className="button button-danger" disabled={pending}>
            Unpublish the strategy
          </button>
        </p>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
