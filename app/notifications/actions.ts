"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/guards";
import { formState, type FormState } from "@/lib/http/form-state";
import { markAllRead, markRead } from "@/lib/notifications/centre";

export async function markReadAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formState(async () => {
    const user = await requireUser();
    await markRead(user, form.get("notificationId"));
    revalidatePath("/notifications");
    return "Marked as read.";
  });
}

export async function markAllReadAction(_previous: FormState, _form: FormData): Promise<FormState> {
  return formState(async () => {
    const user = await requireUser();
    const count = await markAllRead(user);
    revalidatePath("/notifications");
    return count === 1 ? "1 notification marked as read." : `${count} notifications marked as read.`;
  });
}
