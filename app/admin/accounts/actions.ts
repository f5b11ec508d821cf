"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/http/action-client";
import { setModelPermission } from "@/lib/investing/models";
import { changeRole, createStaffAccount } from "@/lib/users/staff";

// Staff accounts, roles and permissions: admins only; lib/users and lib/investing check each field.

export const createStaffAccountAction = adminAction({}, async ({ user, input, context }) => {
  const account = await createStaffAccount(user, input, context);
  revalidatePath("/admin/accounts");
  return `Created ${account.role.toLowerCase()} account for ${account.email}.`;
});

export const changeRoleAction = adminAction({}, async ({ user, input, context }) => {
  const account = await changeRole(user, { userId: input.userId, role: input.role }, context);
  revalidatePath("/admin/accounts");
  return `${account.email} is now ${account.role.toLowerCase()}.`;
});

export const setModelPermissionAction = adminAction({}, async ({ user, input, context }) => {
  const change = await setModelPermission(user, { userId: input.userId, allowed: input.allowed }, context);
  revalidatePath("/admin/accounts");
  return change.allowed ? `${change.name} can now edit models.` : `${change.name} can no longer edit models.`;
});
