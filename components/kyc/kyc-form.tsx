"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { IDLE, type FormState } from "@/lib/http/form-state";
import { US_REGIONS } from "@/lib/kyc/us-states";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** What a rejected submission said, to start the next one from: never the tax id or date of birth themselves. */
export interface PreviousSubmission {
  legalName: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  region: string;
  postalCode: string;
  /** The tax id masked to its last four digits ("•••-••-6789"). */
  taxIdMasked: string;
}

/**
 * Legal name, date of birth, tax id, address and an identity document, for review by an advisor. After a
 * rejection (`previous`), the name and address start as sent; the date of birth and tax id are typed again.
 */
export function KycForm({ action, previous }: { action: Action; previous?: PreviousSubmission }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fields = state.status === "error" ? state.fields : {};
  const typed: Record<string, string | undefined> = (state.status === "error" ? state.values : undefined) ?? {
    legalName: previous?.legalName,
    addressLine1: previous?.addressLine1,
    addressLine2: previous?.addressLine2 ?? undefined,
    city: previous?.city,
    region: previous?.region,
    postalCode: previous?.postalCode,
  };
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
        hint={
          previous
            ? `Nine digits; type it again in full (the one you sent ends ${previous.taxIdMasked.slice(-4)}). It is encrypted and only its last four digits are ever shown.`
            : "Nine digits. It is encrypted and only its last four digits are ever shown."
        }
        inputMode="numeric"
        autoComplete="off"
        required
        error={fields.taxId}
      />
      <Field name="addressLine1" label="Street address" autoComplete="address-line1" defaultValue={typed.addressLine1} required error={fields.addressLine1} />
      <Field name="addressLine2" label="Apartment, suite (optional)" autoComplete="address-line2" defaultValue={typed.addressLine2} error={fields.addressLine2} />
      <Field name="city" label="City" autoComplete="address-level2" defaultValue={typed.city} required error={fields.city} />
      <div className="field">
        <label htmlFor="region">State</label>
        <select
          id="region"
          name="region"
          autoComplete="address-level1"
          defaultValue={typed.region ?? ""}
          required
          aria-invalid={fields.region ? true : undefined}
          aria-describedby={fields.region ? "region-error" : undefined}
        >
          <option value="" disabled>
            Choose your state
          </option>
          {US_REGIONS.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        {fields.region && (
          <p id="region-error" className="field-error">
            {fields.region}
          </p>
        )}
      </div>
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
