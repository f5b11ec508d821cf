"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { investorAction } from "@/lib/http/action-client";
import { submitKyc } from "@/lib/kyc/profile";

const FIELDS = ["legalName", "dateOfBirth", "taxId", "addressLine1", "addressLine2", "city", "region", "postalCode"] as const;

/** The identity form: its text fields (lib/kyc/profile checks each) and the document, if one was chosen. */
const text = z.string().default("");
const identity = z.object({
  legalName: text,
  dateOfBirth: text,
  taxId: text,
  addressLine1: text,
  addressLine2: text,
  city: text,
  region: text,
  postalCode: text,
  document: z.unknown(),
});

// A refused form keeps what was typed (but never the tax id), so a field can be corrected rather than retyped.
export const submitKycAction = investorAction(
  { input: identity, keepValues: FIELDS.filter((field) => field !== "taxId") },
  async ({ user, input, context }) => {
    const { document: file, ...values } = input;
    const document = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    await submitKyc(user, values, document, context);
    revalidatePath("/verify");
    return "Thank you: your details are with our team for review.";
  },
);
