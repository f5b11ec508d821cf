"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

export interface TestOption {
  value: string;
  label: string;
}

/** Amount and how to pay: card or US bank account through Stripe, or, without Stripe keys, a test payment. */
export function DepositForm({ action, requestKey, testOptions }: { action: Action; requestKey: string; testOptions: TestOption[] | null }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const choiceError = fields.method ?? fields.scenario;
  const typed = state.status === "error" ? state.values?.amount : undefined;
  return (
    // Remounted after a refusal so the amount field shows what was typed.
    <form key={state.status === "error" ? JSON.stringify(state) : "form"} action={formAction} className="stack">
      {state.status === "error" && Object.keys(fields).length === 0 && <Alert>{state.message}</Alert>}
      <input type="hidden" name="requestKey" value={requestKey} />
      <Field
        name="amount"
        label="Amount (USD)"
        inputMode="decimal"
        autoComplete="off"
        placeholder="500.00"
        defaultValue={typed}
        hint="Between $10 and $100,000."
        required
        error={fields.amount}
      />
      <fieldset className="choices" aria-describedby={choiceError ? "payment-error" : undefined}>
        <legend>{testOptions ? "Test payment method" : "Pay with"}</legend>
        {testOptions
          ? testOptions.map((option, index) => (
              <label key={option.value}>
                <input type="radio" name="scenario" value={option.value} defaultChecked={index === 0} /> {option.label}
              </label>
            ))
          : [
              { value: "CARD", label: "Debit or credit card" },
              { value: "US_BANK_ACCOUNT", label: "US bank account (settles in a few days)" },
            ].map((option, index) => (
              <label key={option.value}>
                <input type="radio" name="method" value={option.value} defaultChecked={index === 0} /> {option.label}
              </label>
            ))}
        {choiceError && (
          <p id="payment-error" className="field-error">
            {choiceError}
          </p>
        )}
      </fieldset>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Starting your deposit…" : testOptions ? "Pay with test method" : "Continue to secure payment"}
      </button>
    </form>
  );
}
