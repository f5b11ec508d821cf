"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { cancel } from "@/lib/consultations/bookings";
import { publishSlots, withdrawSlot } from "@/lib/consultations/slots";
import { formatMoment } from "@/lib/consultations/time";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";

const PUBLISH_FIELDS = ["startsAt", "minutes", "count"] as const;

export async function publishSlotsAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  const values = Object.fromEntries(PUBLISH_FIELDS.map((field) => [field, String(form.get(field) ?? "")]));
  const state = await formState(async () => {
    const advisor = await requireUser(STAFF_ROLES);
    const slots = await publishSlots(advisor, values, context);
    revalidatePath("/admin/consultations");
    const first = formatMoment(slots[0]!.startsAt);
    return slots.length === 1 ? `Published one time from ${first}.` : `Published ${slots.length} times from ${first}.`;
  });
  // Keep what was typed, so a refused field can be corrected rather than retyped.
  return state.status === "error" ? { ...state, values } : state;
}

export async function withdrawSlotAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const advisor = await requireUser(STAFF_ROLES);
    await withdrawSlot(advisor, String(form.get("slotId") ?? ""), context);
    revalidatePath("/admin/consultations");
    return "Withdrawn.";
  });
}

export async function cancelConsultationAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const advisor = await requireUser(STAFF_ROLES);
    await cancel(advisor, String(form.get("slotId") ?? ""), context);
    revalidatePath("/admin/consultations");
    return "Canceled; the time is open again.";
  });
}
