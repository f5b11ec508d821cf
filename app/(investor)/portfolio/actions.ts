"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { investorAction } from "@/lib/http/action-client";
import { choosePortfolio } from "@/lib/investing/portfolio-choice";
import { dispatchOutbox } from "@/lib/outbox/outbox";

/** The model's slug and the acknowledgement box; lib/investing/portfolio-choice checks both against the investor's answers. */
const choice = z.object({ model: z.string(), acknowledge: z.string().optional() });

export const choosePortfolioAction = investorAction({ input: choice, keepValues: true }, async ({ user, input, context }) => {
  const { proposalId, outboxIds } = await choosePortfolio(user, input, context);
  if (outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  revalidatePath("/dashboard");
  // An invested account sees the trades and estimated tax, and confirms with its second factor, before anything trades.
  redirect(proposalId ? `/onboarding/change/${proposalId}` : "/portfolio?switched=1");
});
