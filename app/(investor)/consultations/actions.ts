"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/guards";
import { book, cancel } from "@/lib/consultations/bookings";
import { formatSlot } from "@/lib/consultations/time";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";

export async function bookConsultationAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  const topic = String(form.get("topic") ?? "");
  const state = await formState(async () => {
    const investor = await requireUser(["INVESTOR"]);
    const booked = await book(investor, { slotId: form.get("slotId"), topic }, context);
    return `Booked ${formatSlot(booked)} with ${booked.advisor.name}.`;
  });
  // Refused or not, show the times as they are now (a refusal often means someone else just took one).
  revalidatePath("/consultations");
  return state.status === "error" ? { ...state, values: { topic } } : state;
}

export async function cancelBookingAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const investor = await requireUser(["INVESTOR"]);
    await cancel(investor, String(form.get("slotId") ?? ""), context);
    revalidatePath("/consultations");
    return "Canceled.";
  });
}
