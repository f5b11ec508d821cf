"use client";

import { Alert } from "@/components/ui/alert";
import { StepUpPrompt } from "@/components/security/step-up-prompt";
import { useStepUpAction } from "@/components/security/use-step-up-action";
import type { FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** The previewed withdrawal's confirmation: asks for the second factor again before any money moves. */
export function ConfirmWithdrawal({ action, amount, bankAccountId, requestKey }: { action: Action; amount: string; bankAccountId: string; requestKey: string }) {
  const { state, submit, pending, retry } = useStepUpAction(action);
  return (
    <>
      <form action={submit} className="stack">
        {state.status === "error" && !state.stepUp && <Alert>{state.message}</Alert>}
        <input type="hidden" name="amount" value={amount} />
        <input type="hidden" name="bankAccountId" value={bankAccountId} />
        <input type="hidden" name="requestKey" value={requestKey} />
        <p>
          <button type="submit" className="button" disabled={pending}>
            Confirm withdrawal
          </button>
        </p>
      </form>
      <StepUpPrompt state={state} onConfirmed={retry} />
    </>
  );
}
