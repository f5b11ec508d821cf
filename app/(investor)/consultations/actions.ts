"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { book, cancel } from "@/lib/consultations/bookings";
import { formatSlot } from "@/lib/consultations/time";
import { viewer } from "@/lib/format/viewer";
import { investorAction } from "@/lib/http/action-client";

export const bookConsultationAction = investorAction(
  { input: z.object({ slotId: z.unknown(), topic: z.string().default("") }), keepValues: ["topic"] },
  async ({ user, input, context }) => {
    try {
      const booked = await book(user, { slotId: input.slotId, topic: input.topic }, context);
      return `Booked ${formatSlot(booked, await viewer(user.timeZone))} with ${booked.advisor.name}.`;
    } finally {
      // Refused or not, show the times as they are now (a refusal often means someone else just took one).
      revalidatePath("/consultations");
    }
  },
);

export const cancelBookingAction = investorAction({ input: z.object({ slotId: z.string().default("") }) }, async ({ user, input, context }) => {
  await cancel(user, input.slotId, context);
  revalidatePath("/consultations");
  return "Canceled.";
});
