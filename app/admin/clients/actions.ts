"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { assignAdvisor, reviewKyc } from "@/lib/advisor/clients";
import { addNote, changeClientModel, requestRebalance } from "@/lib/advisor/workspace";
import { adminAction, staffAction } from "@/lib/http/action-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";

/** Every client action names the client; the rest of each form is checked by the use case it calls. */
const client = z.object({ clientId: z.string().default("") }).catchall(z.unknown());

export const reviewKycAction = staffAction({ input: client }, async ({ user, input, context }) => {
  const decision = input.decision;
  const view = await reviewKyc(user, input.clientId, decision === "reject" ? { decision, reason: input.reason } : { decision }, context);
  if (view.outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: view.outboxIds }));
  revalidatePath(`/admin/clients/${input.clientId}`);
  return view.status === "APPROVED" ? "Identity approved." : "Identity rejected; the investor has been told why.";
});

export const assignAdvisorAction = adminAction({ input: client }, async ({ user, input, context }) => {
  const assigned = await assignAdvisor(user, { clientId: input.clientId, advisorId: input.advisorId }, context);
  revalidatePath(`/admin/clients/${assigned.id}`);
  return assigned.advisor ? `Assigned to ${assigned.advisor.name}.` : "No advisor assigned.";
});

export const addNoteAction = staffAction({ input: client }, async ({ user, input, context }) => {
  await addNote(user, input.clientId, { body: input.body }, context);
  revalidatePath(`/admin/clients/${input.clientId}`);
  return "Note added.";
});

export const requestRebalanceAction = staffAction({ input: client }, async ({ user, input, context }) => {
  const { outboxId } = await requestRebalance(user, input.clientId, { reason: input.reason }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  return "Rebalance requested: the workflow trades the holdings back to the model (it waits while trading is halted).";
});

export const changeModelAction = staffAction({ input: client }, async ({ user, input, context }) => {
  const { model, outboxId } = await changeClientModel(user, input.clientId, { modelId: input.modelId, reason: input.reason }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  revalidatePath(`/admin/clients/${input.clientId}`);
  return `Moved to ${model.name}; a rebalance to it has started.`;
});
