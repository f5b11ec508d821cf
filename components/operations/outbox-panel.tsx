import type { FormState } from "@/lib/http/form-state";
import { PARKED_LISTED, type OutboxHealth } from "@/lib/operations/outbox-health";
import { ParkedEventsList, type ParkedEventRow } from "./parked-events-list";
import { RequeueParkedEvents } from "./requeue-parked-events";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * The outbox's health: events written with the change they announce, waiting to be sent to Inngest. Staff
 * see it; `requeueAction` (admins only) adds "Send again" to each parked event.
 */
export async function OutboxPanel({ health, requeueAction }: { health: OutboxHealth; requeueAction: Action | null }) {
  const format = await viewerFormatFor(await currentUser());
  const rows: ParkedEventRow[] = health.parkedEvents.map((event) => ({
    id: event.id,
    name: event.name,
    attempts: event.attempts,
    lastError: event.lastError ?? "—",
    parkedAt: format.preciseDateTime(event.parkedAt),
  }));
  return (
    <section aria-labelledby="outbox-heading" className="card stack">
      <h2 id="outbox-heading">Outbox</h2>
      <p className="field-hint">
        Events for workflows are written with the change they announce and sent to Inngest right after it, or by the sweep every minute.
        An event Inngest refuses is tried again 1, 2, 4 and 8 minutes later, then parked here; one it could never accept (too large) is
        parked at once. A parked event is not sent until an admin sends it again.
      </p>
      <dl className="figures">
        <div>
          <dt>Waiting</dt>
          <dd>{health.waiting}</dd>
        </div>
        <div>
          <dt>Retrying</dt>
          <dd>{health.retrying}</dd>
        </div>
        <div>
          <dt>Parked</dt>
          <dd>{health.parked}</dd>
        </div>
      </dl>
      <p>
        {health.plannedLater > 0 && `${health.plannedLater} of the waiting events ${health.plannedLater === 1 ? "is" : "are"} planned for later. `}
        {health.oldestDueSince
          ? `The longest-waiting event has been due since ${format.preciseDateTime(health.oldestDueSince)}.`
          : "Nothing is due now: every event is sent, planned for later, or waiting for its next attempt."}
      </p>
      <h3 id="parked-events-heading">
        {health.parked > PARKED_LISTED ? `Parked events: the ${PARKED_LISTED} parked most recently, of ${health.parked}` : "Parked events, most recently parked first"}
      </h3>
      {requeueAction ? (
        <RequeueParkedEvents events={rows} labelledBy="parked-events-heading" action={requeueAction} />
      ) : rows.length === 0 ? (
        <p>No parked events.</p>
      ) : (
        <ParkedEventsList events={rows} labelledBy="parked-events-heading" action={() => <span className="muted">An admin can send it again.</span>} />
      )}
    </section>
  );
}
