"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { assignAdvisor, reviewKyc } from "@/lib/advisor/clients";
import { addNote, confirmClientModelChange, declineClientModelChange, proposeClientModelChange, requestRebalance } from "@/lib/advisor/workspace";
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

/** A change of model is previewed first (its own page); only the confirmation, with a reason, moves the account. */
export const changeModelAction = staffAction({ input: client }, async ({ user, input, context }) => {
  const { proposalId } = await proposeClientModelChange(user, input.clientId, { modelId: input.modelId }, context);
  redirect(`/admin/clients/${input.clientId}/model-change/${proposalId}`);
});

const proposal = client.extend({ proposalId: z.string().default("") });

export const confirmModelChangeAction = staffAction({ input: proposal, keepValues: ["reason"] }, async ({ user, input, context }) => {
  const answer = await confirmClientModelChange(user, input.clientId, input.proposalId, { reason: input.reason }, context);
  if (answer.outcome === "confirmed") after(() => dispatchOutbox(sendToInngest, { ids: answer.outboxIds }));
  revalidatePath(`/admin/clients/${input.clientId}`);
  const next = answer.outcome === "repriced" ? `${answer.proposalId}?repriced=1` : input.proposalId;
  redirect(`/admin/clients/${input.clientId}/model-change/${next}`);
});

export const declineModelChangeAction = staffAction({ input: proposal }, async ({ user, input, context }) => {
  await declineClientModelChange(user, input.clientId, input.proposalId, context);
  redirect(`/admin/clients/${input.clientId}`);
});
