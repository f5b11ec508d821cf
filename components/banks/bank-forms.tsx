"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Test-payment mode: link one of Stripe's test bank accounts by its numbers. */
export function LinkTestBankForm({ action, accounts }: { action: Action; accounts: { number: string; label: string }[] }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const typed = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form key={state.status === "error" ? JSON.stringify(state) : state.status} action={formAction} className="stack" aria-labelledby="link-test-bank">
      <h2 id="link-test-bank">Link a test bank account</h2>
      {state.status === "success" && <Alert tone="success">{state.message}</Alert>}
      {state.status === "error" && Object.keys(fields).length === 0 && <Alert>{state.message}</Alert>}
      <Field name="holderName" label="Account holder's name" autoComplete="name" defaultValue={typed.holderName} required error={fields.holderName} />
      <Field name="routingNumber" label="Routing number" inputMode="numeric" autoComplete="off" defaultValue={typed.routingNumber ?? "110000000"} required error={fields.routingNumber} />
      <Field
        name="accountNumber"
        label="Account number"
        inputMode="numeric"
        autoComplete="off"
        hint="Test mode accepts Stripe's test account numbers only (below)."
        required
        error={fields.accountNumber}
      />
      <fieldset className="choices">
        <legend>Account type</legend>
        <label>
          <input type="radio" name="accountType" value="checking" defaultChecked={typed.accountType !== "savings"} /> Checking
        </label>
        <label>
          <input type="radio" name="accountType" value="savings" defaultChecked={typed.accountType === "savings"} /> Savings
        </label>
        {fields.accountType && <p className="field-error">{fields.accountType}</p>}
      </fieldset>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Linking…" : "Link test bank account"}
      </button>
      <details>
        <summary>Stripe&apos;s test account numbers (routing number 110000000)</summary>
        <ul>
          {accounts.map((account) => (
            <li key={account.number}>
              <code>{account.number}</code>: {account.label}
            </li>
          ))}
        </ul>
      </details>
    </form>
  );
}

/** With Stripe keys: Stripe's own page links the bank (instant verification, or microdeposits). */
export function StartBankLinkForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="stack">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Opening Stripe…" : "Link a bank account with Stripe"}
      </button>
    </form>
  );
}

export function RemoveBankForm({ action, bankAccountId, label }: { action: Action; bankAccountId: string; label: string }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="bankAccountId" value={bankAccountId} />
      <button type="submit" className="button button-quiet" disabled={pending} aria-label={`Remove ${label}`}>
        Remove
      </button>
      {state.status === "error" && (
        <span role="alert" className="inline-error">
          {state.message}
        </span>
      )}
    </form>
  );
}
