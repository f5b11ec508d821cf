"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/http/action-client";
import { setTimeZone } from "@/lib/users/time-zone";

export const saveTimeZoneAction = userAction({ input: z.object({ timeZone: z.string().default("") }) }, async ({ user, input }) => {
  const saved = await setTimeZone(user, input.timeZone);
  // Every page's dates change.
  revalidatePath("/", "layout");
  return saved ? `Dates and times now read in ${saved}.` : "Dates and times now read in this browser's time zone.";
});
