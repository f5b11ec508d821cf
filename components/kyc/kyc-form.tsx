"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Legal name, date of birth, tax id, address and an identity document, for review by an advisor. */
export function KycForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const typed = (state.status === "error" ? state.values : undefined) ?? {};
  if (state.status === "success") return <Alert tone="info">{state.message}</Alert>;
  return (
    // Remounted after a refusal so the fields show what was typed.
    <form key={state.status === "error" ? JSON.stringify(state) : "form"} action={formAction} className="stack">
      {state.status === "error" && Object.keys(fields).length === 0 && <Alert>{state.message}</Alert>}
      <Field name="legalName" label="Legal name" hint="As it appears on your document." autoComplete="name" defaultValue={typed.legalName} required error={fields.legalName} />
      <Field name="dateOfBirth" label="Date of birth" type="date" autoComplete="bday" defaultValue={typed.dateOfBirth} required error={fields.dateOfBirth} />
      <Field
        name="taxId"
        label="Social Security number or ITIN"
        hint="Nine digits. It is encrypted and only its last four digits are ever shown."
        inputMode="numeric"
        autoComplete="off"
        required
        error={fields.taxId}
      />
      <Field name="addressLine1" label="Street address" autoComplete="address-line1" defaultValue={typed.addressLine1} required error={fields.addressLine1} />
      <Field name="addressLine2" label="Apartment, suite (optional)" autoComplete="address-line2" defaultValue={typed.addressLine2} error={fields.addressLine2} />
      <Field name="city" label="City" autoComplete="address-level2" defaultValue={typed.city} required error={fields.city} />
      <Field name="region" label="State" hint="Two letters, e.g. NY." autoComplete="address-level1" maxLength={2} defaultValue={typed.region} required error={fields.region} />
      <Field name="postalCode" label="ZIP code" autoComplete="postal-code" inputMode="numeric" defaultValue={typed.postalCode} required error={fields.postalCode} />
      <Field
        name="document"
        label="Identity document"
        hint="A passport or driver's license: PDF, JPEG or PNG, up to 10 MB."
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        required
        error={fields.document}
      />
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Sending…" : "Submit for review"}
      </button>
    </form>
  );
}
