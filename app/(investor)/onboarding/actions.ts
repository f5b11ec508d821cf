"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { investorAction } from "@/lib/http/action-client";
import { confirmMyModelChange, declineMyModelChange, submitRiskQuestionnaire } from "@/lib/investing/risk-profile";
import { dispatchOutbox } from "@/lib/outbox/outbox";

/** The answers, by question id; lib/investing/risk-profile checks each against its question. */
const answers = z.record(z.string(), z.string());
const proposal = z.object({ proposalId: z.uuid({ error: "Reload the page and try again." }) });

export const submitQuestionnaireAction = investorAction({ input: answers, keepValues: true }, async ({ user, input, context }) => {
  const { outboxIds, proposalId } = await submitRiskQuestionnaire(user, input, context);
  // A new model starts a rebalance (which also invests cash waiting for a model).
  if (outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  revalidatePath("/dashboard");
  // An invested account sees what the change would trade before anything does.
  redirect(proposalId ? `/onboarding/change/${proposalId}` : "/onboarding");
});

export const confirmModelChangeAction = investorAction({ input: proposal, stepUp: true }, async ({ user, input, context }) => {
  const answer = await confirmMyModelChange(user, input.proposalId, context);
  if (answer.outcome === "confirmed") after(() => dispatchOutbox(sendToInngest, { ids: answer.outboxIds }));
  revalidatePath("/dashboard");
  redirect(answer.outcome === "repriced" ? `/onboarding/change/${answer.proposalId}?repriced=1` : `/onboarding/change/${input.proposalId}`);
});

export const declineModelChangeAction = investorAction({ input: proposal }, async ({ user, input, context }) => {
  await declineMyModelChange(user, input.proposalId, context);
  redirect("/onboarding?kept=1");
});
