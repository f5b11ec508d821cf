import type { ReactNode } from "react";

/** A parked outbox event as the list shows it (times already written out in the viewer's zone). */
export interface ParkedEventRow {
  id: string;
  name: string;
  attempts: number;
  lastError: string;
  parkedAt: string;
}

/** The last characters of an event id: its first ones are a timestamp that neighbours share. */
export const shortEventId = (id: string) => id.slice(-8);

/**
 * Parked outbox events, one card each (a list reflows on a phone where a five-column table would not);
 * `action` ends each card (the admin's "Send again", or who may do it).
 */
export function ParkedEventsList({ events, labelledBy, action }: { events: ParkedEventRow[]; labelledBy: string; action: (event: ParkedEventRow) => ReactNode }) {
  return (
    <ul className="notes" aria-labelledby={labelledBy}>
      {events.map((event) => (
        <li key={event.id} className="card stack">
          <p>
            <strong>{event.name}</strong> <code title={event.id}>…{shortEventId(event.id)}</code>
          </p>
          <p className="field-hint">
            Parked {event.parkedAt}, {event.attempts === 0 ? "never sent" : `after ${event.attempts} attempt${event.attempts === 1 ? "" : "s"}`}
          </p>
          <p>Last error: {event.lastError}</p>
          <div>{action(event)}</div>
        </li>
      ))}
    </ul>
  );
}
