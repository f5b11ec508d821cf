import type { Metadata } from "next";
import { ConsultationTable } from "@/components/consultations/consultation-table";
import { PublishSlotsForm } from "@/components/consultations/publish-slots-form";
import { SlotButton } from "@/components/consultations/slot-button";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { upcoming } from "@/lib/consultations/slots";
import { formatMoment, formatSlot } from "@/lib/consultations/time";
import { cancelConsultationAction, publishSlotsAction, withdrawSlotAction } from "./actions";

export const metadata: Metadata = { title: "Consultations" };

export default async function AdvisorConsultationsPage() {
  const advisor = await requirePageUser("/admin/consultations", STAFF_ROLES);
  const consultations = await upcoming(advisor);
  const now = new Date();
  const rows = consultations.map((consultation) => {
    const when = formatSlot(consultation);
    const { investor } = consultation;
    return {
      id: consultation.id,
      when,
      who: investor?.name ?? "Open",
      topic: investor ? consultation.topic : "",
      action:
        consultation.startsAt <= now ? (
          <span className="muted">Under way</span>
        ) : investor ? (
          <SlotButton action={cancelConsultationAction} slotId={consultation.id} label="Cancel" name={`Cancel the consultation with ${investor.name} on ${when}`} />
        ) : (
          <SlotButton action={withdrawSlotAction} slotId={consultation.id} label="Withdraw" name={`Withdraw the open time on ${when}`} />
        ),
    };
  });
  return (
    <main>
      <h1>Consultations</h1>
      <p className="lede">
        Publish times your clients can book. All times are in UTC; it is now {formatMoment(now)}.
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
          <PublishSlotsForm action={publishSlotsAction} />
        </section>
      </div>
    </main>
  );
}
