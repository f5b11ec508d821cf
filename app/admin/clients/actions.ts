"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { assignAdvisor, reviewKyc } from "@/lib/advisor/clients";
import { addNote, changeClientModel, requestRebalance } from "@/lib/advisor/workspace";
import { requireUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";
import { dispatchOutbox } from "@/lib/outbox/outbox";

export async function reviewKycAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(STAFF_ROLES);
    const clientId = String(form.get("clientId") ?? "");
    const decision = form.get("decision");
    const view = await reviewKyc(actor, clientId, decision === "reject" ? { decision, reason: form.get("reason") } : { decision }, context);
    if (view.outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: view.outboxIds }));
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

export async function addNoteAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(STAFF_ROLES);
    const clientId = String(form.get("clientId") ?? "");
    await addNote(actor, clientId, { body: form.get("body") }, context);
    revalidatePath(`/admin/clients/${clientId}`);
    return "Note added.";
  });
}

export async function requestRebalanceAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(STAFF_ROLES);
    const clientId = String(form.get("clientId") ?? "");
    const { outboxId } = await requestRebalance(actor, clientId, { reason: form.get("reason") }, context);
    after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
    return "Rebalance requested: the workflow trades the holdings back to the model (it waits while trading is halted).";
  });
}

export async function changeModelAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(STAFF_ROLES);
    const clientId = String(form.get("clientId") ?? "");
    const { model, outboxId } = await changeClientModel(actor, clientId, { modelId: form.get("modelId"), reason: form.get("reason") }, context);
    after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
    revalidatePath(`/admin/clients/${clientId}`);
    return `Moved to ${model.name}; a rebalance to it has started.`;
  });
}
