"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/guards";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";
import { submitKyc } from "@/lib/kyc/profile";

const FIELDS = ["legalName", "dateOfBirth", "taxId", "addressLine1", "addressLine2", "city", "region", "postalCode"] as const;

export async function submitKycAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  const values = Object.fromEntries(FIELDS.map((field) => [field, String(form.get(field) ?? "")]));
  const state = await formState(async () => {
    const user = await requireUser(["INVESTOR"]);
    const file = form.get("document");
    const document = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    await submitKyc(user, values, document, context);
    revalidatePath("/verify");
    return "Thank you: your details are with our team for review.";
  });
  // Keep what was typed (but never the tax id) so a refused field can be corrected rather than retyped.
  return state.status === "error" ? { ...state, values: { ...values, taxId: "" } } : state;
}
