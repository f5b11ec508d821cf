"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { investorAction } from "@/lib/http/action-client";
import { changeGoal, createGoal, deleteGoal } from "@/lib/planning/goals";

// The goal's fields are checked by lib/planning/goals.ts (amounts, date, share of the account). No money moves:
// no step-up; each change is audited there.

export const createGoalAction = investorAction({ keepValues: true }, async ({ user, input, context }) => {
  const goal = await createGoal(user, input, context);
  revalidatePath("/goals");
  redirect(`/goals?saved=${goal.id}#goal-${goal.id}`);
});

export const changeGoalAction = investorAction({ keepValues: true }, async ({ user, input, context }) => {
  const goal = await changeGoal(user, String(input.goalId ?? ""), input, context);
  revalidatePath("/goals");
  redirect(`/goals?saved=${goal.id}#goal-${goal.id}`);
});

export const deleteGoalAction = investorAction({ input: z.object({ goalId: z.string() }) }, async ({ user, input, context }) => {
  await deleteGoal(user, input.goalId, context);
  revalidatePath("/goals");
  redirect("/goals?deleted=1");
});
