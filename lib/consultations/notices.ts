/**
 * What the other side is told about a booking or a cancellation (whoever acted is not told what they just did).
 * Each booking has its own bookedAt, so a time booked, canceled and booked again is told about each time.
 */
import type { Notice } from "../notifications/notify";
import { formatSlot, UTC } from "./time";

interface BookedSlot {
  id: string;
  startsAt: Date;
  endsAt: Date;
  bookedAt: Date;
  topic: string | null;
  /** Each side's chosen zone (null: none chosen), so a notice reads at its reader's clock; UTC otherwise. */
  advisor: { id: string; name: string; timeZone?: string | null };
  investor: { id: string; name: string; timeZone?: string | null };
}

const clockOf = (person: { timeZone?: string | null }) => (person.timeZone ? { locale: UTC.locale, timeZone: person.timeZone } : UTC);

/** The advisor learns who booked which time, and why. */
export function consultationBooked(slot: BookedSlot): Notice {
  return {
    userId: slot.advisor.id,
    kind: "CONSULTATION",
    title: `${slot.investor.name} booked a consultation`,
    body: `${formatSlot(slot, clockOf(slot.advisor))}. ${slot.topic ? `Topic: ${slot.topic}` : "No topic given."}`,
    link: "/admin/consultations",
    dedupeKey: `consultation-booked:${slot.id}:${slot.bookedAt.toISOString()}`,
  };
}

/** Each side other than the one who canceled (both, when an admin did) learns the consultation is off. */
export function consultationCanceled(slot: BookedSlot, actor: { id: string; name: string; role: string }): Notice[] {
  const by = actor.role === "ADMIN" && actor.id !== slot.advisor.id ? "Our team" : actor.name;
  const notices: Notice[] = [];
  if (actor.id !== slot.advisor.id) {
    notices.push({
      userId: slot.advisor.id,
      kind: "CONSULTATION",
      title: `Consultation with ${slot.investor.name} canceled`,
      body: `${by} canceled ${formatSlot(slot, clockOf(slot.advisor))}. The time is open again for your clients.`,
      link: "/admin/consultations",
      dedupeKey: `consultation-canceled:${slot.id}:${slot.bookedAt.toISOString()}:${slot.advisor.id}`,
    });
  }
  if (actor.id !== slot.investor.id) {
    notices.push({
      userId: slot.investor.id,
      kind: "CONSULTATION",
      title: `Your consultation with ${slot.advisor.name} was canceled`,
      body: `${by} canceled ${formatSlot(slot, clockOf(slot.investor))}. You can book another time.`,
      link: "/consultations",
      dedupeKey: `consultation-canceled:${slot.id}:${slot.bookedAt.toISOString()}:${slot.investor.id}`,
    });
  }
  return notices;
}
