"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/http/action-client";
import { markAllRead, markRead } from "@/lib/notifications/centre";

export const markReadAction = userAction({}, async ({ user, input }) => {
  await markRead(user, input.notificationId);
  revalidatePath("/notifications");
  return "Marked as read.";
});

export const markAllReadAction = userAction({}, async ({ user }) => {
  const count = await markAllRead(user);
  revalidatePath("/notifications");
  return count === 1 ? "1 notification marked as read." : `${count} notifications marked as read.`;
});
