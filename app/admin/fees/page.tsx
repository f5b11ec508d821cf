import type { Metadata } from "next";
import { FeeAdminForm } from "@/components/fees/fee-admin-form";
import { FeeTiersTable } from "@/components/fees/pricing";
import { requirePageUser } from "@/lib/auth/guards";
import { feeAdminView } from "@/lib/fees/views";
import { assignScheduleAction, grantWaiverAction, saveScheduleAction } from "./actions";

export const metadata: Metadata = { title: "Fees" };

export default async function FeesAdminPage() {
  await requirePageUser("/admin/fees", ["ADMIN"]);
  const { schedules, assignments, waivers } = await feeAdminView();
  const scheduleOptions = schedules.map((s) => ({ value: s.id, label: `${s.name}${s.isDefault ? " (default)" : ""}` }));
  return (
    <main>
      <h1>Advisory fees</h1>
      <p className="lede">
        Schedules charge each band of household balance its own annual rate. A client pays their own schedule, else their advisor&apos;s, else
        the default. Changes apply from the next day accrued; months already billed stay as billed. Bill a month on the operations page.
      </p>
      <section aria-labelledby="schedules-heading" className="card">
        <h2 id="schedules-heading">Schedules</h2>
        {schedules.map((schedule) => (
          <div key={schedule.id} className="stack">
            <FeeTiersTable tiers={schedule.bands} caption={`${schedule.name}${schedule.isDefault ? " (default: shown on the landing page)" : ""}`} />
            <details>
              <summary>Edit {schedule.name}</summary>
              <FeeAdminForm
                action={saveScheduleAction}
                id={`schedule-${schedule.id}`}
                submit={`Save ${schedule.name}`}
                fields={[
                  { name: "id", label: "Schedule", type: "select", options: [{ value: schedule.id, label: schedule.name }] },
                  { name: "name", label: "Name", defaultValue: schedule.name },
                  { name: "tiers", label: "Bands", type: "textarea", hint: 'One a line: "from dollars: percent a year", e.g. "100000: 0.15".', defaultValue: schedule.bandsText },
                ]}
              />
            </details>
          </div>
        ))}
        <h3>New schedule</h3>
        <FeeAdminForm
          action={saveScheduleAction}
          id="schedule-new"
          submit="Create schedule"
          fields={[
            { name: "name", label: "Name" },
            { name: "tiers", label: "Bands", type: "textarea", hint: 'One a line: "from dollars: percent a year"; the first from 0, e.g. "0: 0.25" then "100000: 0.15".', defaultValue: "0: 0.25" },
          ]}
        />
      </section>
      <section aria-labelledby="assign-heading" className="card">
        <h2 id="assign-heading">Assign a schedule</h2>
        <FeeAdminForm
          action={assignScheduleAction}
          id="assign"
          submit="Assign"
          fields={[
            { name: "email", label: "Advisor or client (email)", type: "email", hint: "An advisor's schedule applies to all of their clients; a client's own wins over it." },
            { name: "scheduleId", label: "Schedule", type: "select", options: [...scheduleOptions, { value: "", label: "None (remove the assignment)" }] },
          ]}
        />
        {assignments.length > 0 && (
          <table className="stacked-table">
            <caption>Assignments</caption>
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Schedule</th>
              </tr>
            </thead>
            <tbody>
              {assignments.map((a) => (
                <tr key={a.userId}>
                  <td data-label="Who">
                    {a.email} ({a.isAdvisor ? "advisor: all their clients" : "client"})
                  </td>
                  <td data-label="Schedule">{a.schedule}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="waive-heading" className="card">
        <h2 id="waive-heading">Waive fees</h2>
        <FeeAdminForm
          action={grantWaiverAction}
          id="waive"
          submit="Grant waiver"
          fields={[
            { name: "email", label: "Client (email)", type: "email" },
            { name: "from", label: "From", type: "date" },
            { name: "to", label: "To (included)", type: "date" },
            { name: "percent", label: "Share of the fee waived (%)", type: "number", defaultValue: "100" },
            { name: "reason", label: "Reason", hint: "The client sees it in their settings; it is kept in the audit trail." },
          ]}
        />
        {waivers.length > 0 && (
          <table className="stacked-table">
            <caption>Waivers</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Days</th>
                <th scope="col">Waived</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {waivers.map((w) => (
                <tr key={w.id}>
                  <td data-label="Client">{w.email}</td>
                  <td data-label="Days">
                    {w.from} to {w.to}
                  </td>
                  <td data-label="Waived">{w.share}</td>
                  <td data-label="Reason">{w.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
