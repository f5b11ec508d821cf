"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { investorAction } from "@/lib/http/action-client";
import { submitRiskQuestionnaire } from "@/lib/investing/risk-profile";
import { dispatchOutbox } from "@/lib/outbox/outbox";

/** The answers, by question id; lib/investing/risk-profile checks each against its question. */
const answers = z.record(z.string(), z.string());

export const submitQuestionnaireAction = investorAction({ input: answers, keepValues: true }, async ({ user, input, context }) => {
  const { outboxIds } = await submitRiskQuestionnaire(user, input, context);
  // A new model starts a rebalance (which also invests cash waiting for a model).
  if (outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  revalidatePath("/dashboard");
  redirect("/onboarding");
});
