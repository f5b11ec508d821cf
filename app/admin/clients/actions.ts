"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { assignAdvisor, reviewKyc } from "@/lib/advisor/clients";
import { requireUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";

export async function reviewKycAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(STAFF_ROLES);
    const clientId = String(form.get("clientId") ?? "");
    const decision = form.get("decision");
    const view = await reviewKyc(actor, clientId, decision === "reject" ? { decision, reason: form.get("reason") } : { decision }, context);
    revalidatePath(`/admin/clients/${clientId}`);
    return view.status === "APPROVED" ? "Identity approved." : "Identity rejected; the investor has been told why.";
  });
}

export async function assignAdvisorAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const client = await assignAdvisor(actor, { clientId: form.get("clientId"), advisorId: form.get("advisorId") }, context);
    revalidatePath(`/admin/clients/${client.id}`);
    return client.advisor ? `Assigned to ${client.advisor.name}.` : "No advisor assigned.";
  });
}
