"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/guards";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";
import { setModelPermission } from "@/lib/investing/models";
import { changeRole, createStaffAccount } from "@/lib/users/staff";

export async function createStaffAccountAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const account = await createStaffAccount(actor, Object.fromEntries(form), context);
    revalidatePath("/admin/accounts");
    return `Created ${account.role.toLowerCase()} account for ${account.email}.`;
  });
}

export async function changeRoleAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const account = await changeRole(actor, { userId: form.get("userId"), role: form.get("role") }, context);
    revalidatePath("/admin/accounts");
    return `${account.email} is now ${account.role.toLowerCase()}.`;
  });
}

export async function setModelPermissionAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const change = await setModelPermission(actor, { userId: form.get("userId"), allowed: form.get("allowed") }, context);
    revalidatePath("/admin/accounts");
    return change.allowed ? `${change.name} can now edit models.` : `${change.name} can no longer edit models.`;
  });
}
