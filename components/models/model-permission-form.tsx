"use client";

import { InlineStatus } from "@/components/ui/inline-status";
import type { FormState } from "@/lib/http/form-state";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** An admin allows an advisor to edit and publish model portfolios, or takes the permission back. */
export function ModelPermissionForm({ action, userId, email, allowed }: { action: Action; userId: string; email: string; allowed: boolean }) {
  const { state, submit: formAction, pending, retry } = useStepUpAction(action);
  return (
    <>
      <form action={formAction} className="inline-form">
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="allowed" value={String(!allowed)} />
        <span>{allowed ? "Can edit" : "View only"}</span>
        <button
          type="submit"
          className="button button-quiet"
          disabled={pending}
          aria-label={allowed ? `Stop ${email} editing models` : `Allow ${email} to edit models`}
        >
          {allowed ? "Remove" : "Allow"}
        </button>
        <InlineStatus state={state} />
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
