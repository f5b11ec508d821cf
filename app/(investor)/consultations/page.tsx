import type { Metadata } from "next";
import Link from "next/link";
import { BookForm } from "@/components/consultations/book-form";
import { ConsultationTable } from "@/components/consultations/consultation-table";
import { SlotButton } from "@/components/consultations/slot-button";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { listOpenSlots, MAX_UPCOMING_BOOKINGS, NO_ADVISOR } from "@/lib/consultations/bookings";
import { upcoming } from "@/lib/consultations/slots";
import { howText } from "@/lib/consultations/invite";
import { formatMoment, formatSlot, zoneLabel } from "@/lib/consultations/time";
import { viewer } from "@/lib/format/viewer";
import { bookConsultationAction, cancelBookingAction } from "./actions";

export const metadata: Metadata = { title: "Consultations" };

export default async function InvestorConsultationsPage() {
  const investor = await requirePageUser("/consultations", ["INVESTOR"]);
  const [booked, { advisor, slots }, clock] = await Promise.all([upcoming(investor), listOpenSlots(investor), viewer(investor.timeZone)]);
  const now = new Date();
  const rows = booked.map((consultation) => {
    const when = formatSlot(consultation, clock);
    return {
      id: consultation.id,
      when,
      who: consultation.advisor.name,
      topic: consultation.topic,
      how: howText(consultation),
      action: (
        <span className="actions">
          <a href={`/consultations/${consultation.id}/invite.ics`} download aria-label={`Add the consultation with ${consultation.advisor.name} on ${when} to your calendar (.ics)`}>
            Add to calendar
          </a>
          {consultation.startsAt <= now ? (
            <span className="muted">Under way</span>
          ) : (
            <SlotButton action={cancelBookingAction} slotId={consultation.id} label="Cancel" name={`Cancel the consultation with ${consultation.advisor.name} on ${when}`} />
          )}
        </span>
      ),
    };
  });
  const upcomingCount = booked.filter((consultation) => consultation.startsAt > now).length;
  return (
    <main>
      <h1>Consultations</h1>
      {advisor ? (
        <p className="lede">
          Talk your plans over with your advisor, {advisor.name}. All times are in your time zone, {zoneLabel(clock.timeZone)} (<Link href="/settings">change it</Link>); it is now {formatMoment(now, clock)}.
        </p>
      ) : (
        <Alert tone="info">{NO_ADVISOR}</Alert>
      )}
      <section aria-labelledby="mine-heading" className="card">
        <h2 id="mine-heading">Your consultations</h2>
        {rows.length === 0 ? (
          <p>You have no consultations booked.</p>
        ) : (
          <ConsultationTable caption="Booked, soonest first" whoHeading="Advisor" rows={rows} />
        )}
      </section>
      {advisor && (
        <section aria-labelledby="book-heading" className="card">
          <h2 id="book-heading">Book a time</h2>
          {upcomingCount >= MAX_UPCOMING_BOOKINGS ? (
            <p>
              You have {MAX_UPCOMING_BOOKINGS} consultations coming up, the most at once. Cancel one to book another.
            </p>
          ) : slots.length === 0 ? (
            <p>{advisor.name} has no open times at the moment. Please check back soon.</p>
          ) : (
            <BookForm action={bookConsultationAction} advisorName={advisor.name} slots={slots.map((slot) => ({ id: slot.id, label: formatSlot(slot, clock), how: howText({ ...slot, advisor }) }))} />
          )}
        </section>
      )}
    </main>
  );
}
