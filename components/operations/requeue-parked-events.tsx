"use client";

import { useActionState, useEffect, useRef } from "react";
import { IDLE, type FormState } from "@/lib/http/form-state";
import { ParkedEventsList, shortEventId, type ParkedEventRow } from "./parked-events-list";

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * The parked events with a "Send again" button each (admins). The outcome is shown above the list, not in
 * the event's card: a requeued event leaves the list, and focus moves to the outcome rather than being lost with it.
 */
export function RequeueParkedEvents({ events, labelledBy, action }: { events: ParkedEventRow[]; labelledBy: string; action: Action }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const outcome = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (state.status !== "idle") outcome.current?.focus();
  }, [state]);
  return (
    <>
      {state.status !== "idle" && (
        <p ref={outcome} tabIndex={-1} role={state.status === "error" ? "alert" : "status"} className={`inline-${state.status}`}>
          {state.message}
        </p>
      )}
      {events.length === 0 ? (
        <p>No parked events.</p>
      ) : (
        <ParkedEventsList
          events={events}
          labelledBy={labelledBy}
          action={(event) => (
            <form action={formAction}>
              <input type="hidden" name="eventId" value={event.id} />
              <button type="submit" className="button button-quiet" disabled={pending} aria-label={`Send again: ${event.name} event …${shortEventId(event.id)}`}>
                Send again
              </button>
            </form>
          )}
        />
      )}
    </>
  );
}
