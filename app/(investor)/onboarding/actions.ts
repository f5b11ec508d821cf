"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guards";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";
import { submitRiskQuestionnaire } from "@/lib/investing/risk-profile";

export async function submitQuestionnaireAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  const answers = Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const state = await formState(async () => {
    const user = await requireUser(["INVESTOR"]);
    const { outboxIds } = await submitRiskQuestionnaire(user, answers, context);
    // A new model starts a rebalance (which also invests cash waiting for a model).
    if (outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
    return "Saved.";
  });
  if (state.status === "error") return { ...state, values: answers };
  revalidatePath("/dashboard");
  redirect("/onboarding");
}
