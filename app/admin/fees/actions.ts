"use server";

import { revalidatePath } from "next/cache";
import { assignScheduleFromForm, grantWaiverFromForm, saveScheduleFromForm } from "@/lib/fees/admin";
import { adminAction } from "@/lib/http/action-client";

export const saveScheduleAction = adminAction({ stepUp: true, keepValues: ["id", "name", "tiers"] }, async ({ user, input, context }) => {
  await saveScheduleFromForm(user, input, context);
  revalidatePath("/admin/fees");
  return "Schedule saved: it applies from the next day accrued.";
});

export const assignScheduleAction = adminAction({ stepUp: true, keepValues: ["email", "scheduleId"] }, async ({ user, input, context }) => {
  await assignScheduleFromForm(user, input, context);
  revalidatePath("/admin/fees");
  return "Assigned: it applies from the next day accrued.";
});

export const grantWaiverAction = adminAction({ stepUp: true, keepValues: ["email", "from", "to", "percent", "reason"] }, async ({ user, input, context }) => {
  await grantWaiverFromForm(user, input, context);
  revalidatePath("/admin/fees");
  return "Waiver granted.";
});
