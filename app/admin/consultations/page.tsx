import type { Metadata } from "next";
import Link from "next/link";
import { ConsultationTable } from "@/components/consultations/consultation-table";
import { PublishSlotsForm } from "@/components/consultations/publish-slots-form";
import { SlotButton } from "@/components/consultations/slot-button";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { upcoming } from "@/lib/consultations/slots";
import { howText } from "@/lib/consultations/invite";
import { formatMoment, formatSlot, zoneLabel } from "@/lib/consultations/time";
import { viewer } from "@/lib/format/viewer";
import { cancelConsultationAction, publishSlotsAction, withdrawSlotAction } from "./actions";

export const metadata: Metadata = { title: "Consultations" };

export default async function AdvisorConsultationsPage() {
  const advisor = await requirePageUser("/admin/consultations", STAFF_ROLES);
  const [consultations, clock] = await Promise.all([upcoming(advisor), viewer(advisor.timeZone)]);
  const now = new Date();
  const rows = consultations.map((consultation) => {
    const when = formatSlot(consultation, clock);
    const { investor } = consultation;
    return {
      id: consultation.id,
      when,
      who: investor?.name ?? "Open",
      topic: investor ? consultation.topic : "",
      how: howText(consultation),
      action: (
        <span className="actions">
          {investor && (
            <a href={`/consultations/${consultation.id}/invite.ics`} download aria-label={`Add the consultation with ${investor.name} on ${when} to your calendar (.ics)`}>
              Add to calendar
            </a>
          )}
          {consultation.startsAt <= now ? (
            <span className="muted">Under way</span>
          ) : investor ? (
            <SlotButton action={cancelConsultationAction} slotId={consultation.id} label="Cancel" name={`Cancel the consultation with ${investor.name} on ${when}`} />
          ) : (
            <SlotButton action={withdrawSlotAction} slotId={consultation.id} label="Withdraw" name={`Withdraw the open time on ${when}`} />
          )}
        </span>
      ),
    };
  });
  return (
    <main>
      <h1>Consultations</h1>
      <p className="lede">
        Publish times your clients can book. All times are in your time zone, {zoneLabel(clock.timeZone)} (<Link href="/settings">change it</Link>); it is now {formatMoment(now, clock)}.
      </p>
      <div className="columns">
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">Coming up</h2>
          {rows.length === 0 ? (
            <p>You have no upcoming times. Publish some so your clients can book a consultation.</p>
          ) : (
            <ConsultationTable caption="Your published times, open or booked" whoHeading="Booked by" rows={rows} />
          )}
        </section>
        <section aria-labelledby="publish-heading" className="card">
          <h2 id="publish-heading">Publish times</h2>
          <PublishSlotsForm action={publishSlotsAction} timeZone={clock.timeZone} zone={zoneLabel(clock.timeZone)} />
        </section>
      </div>
    </main>
  );
}
