"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { investorAction } from "@/lib/http/action-client";
import { followStrategy, unfollowStrategy } from "@/lib/strategies/follow";

const strategy = z.object({
  slug: z.string({ error: "Choose a strategy." }).regex(/^[a-z0-9-]{1,64}$/, { error: "Choose a strategy." }),
  /** The box accepting more risk than recommended; lib/strategies/follow asks for it only when the strategy is bolder. */
  acknowledge: z.literal("on").optional(),
});

/** Previews following a strategy: the investor confirms (with step-up) on the preview's page, as for any change of model. */
export const followStrategyAction = investorAction({ input: strategy }, async ({ user, input, context }) => {
  const proposalId = await followStrategy(user, input.slug, context, input.acknowledge === "on");
  redirect(`/onboarding/change/${proposalId}?strategy=follow`);
});

/** Previews going back to the model the questionnaire recommends. */
export const unfollowStrategyAction = investorAction({}, async ({ user, context }) => {
  const proposalId = await unfollowStrategy(user, context);
  redirect(`/onboarding/change/${proposalId}?strategy=leave`);
});
