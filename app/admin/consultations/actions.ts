"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { cancel } from "@/lib/consultations/bookings";
import { publishSlots, withdrawSlot } from "@/lib/consultations/slots";
import { formatMoment } from "@/lib/consultations/time";
import { viewer } from "@/lib/format/viewer";
import { staffAction } from "@/lib/http/action-client";

const field = z.string().default("");

export const publishSlotsAction = staffAction(
  { input: z.object({ startsAt: field, timeZone: field, minutes: field, count: field, method: field, methodDetail: field }), keepValues: true },
  async ({ user, input, context }) => {
    const slots = await publishSlots(user, { ...input, method: input.method || undefined }, context);
    revalidatePath("/admin/consultations");
    // Told in the zone the time was typed in (publishSlots accepted it).
    const first = formatMoment(slots[0]!.startsAt, { locale: (await viewer()).locale, timeZone: input.timeZone || "UTC" });
    return slots.length === 1 ? `Published one time from ${first}.` : `Published ${slots.length} times from ${first}.`;
  },
);

const slot = z.object({ slotId: field });

export const withdrawSlotAction = staffAction({ input: slot }, async ({ user, input, context }) => {
  await withdrawSlot(user, input.slotId, context);
  revalidatePath("/admin/consultations");
  return "Withdrawn.";
});

export const cancelConsultationAction = staffAction({ input: slot }, async ({ user, input, context }) => {
  await cancel(user, input.slotId, context);
  revalidatePath("/admin/consultations");
  return "Canceled; the time is open again.";
});
