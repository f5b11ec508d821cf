/**
 * What Inngest's event API accepts, and outbox rows cut into requests that respect it. Pure: no I/O.
 *
 * From Inngest's usage limits (docs "Usage limits", section Events and the platform-limits table):
 * - an event of at most 256 KiB on the Free plan (512 KiB on Basic, 3 MiB on Pro): we hold to 256 KiB, as
 *   ARCHITECTURE.md and the local stand-in do, so nothing that works here fails on the smallest plan;
 * - at most 5,000 events in one request;
 * - an event name of at most 256 characters.
 * The docs list the event size under "Request Body Size", so a whole request is kept under 256 KiB too: a
 * request refused for its total size would be refused for no fault of any one event in it.
 * Sizes are counted as Inngest counts them: the bytes of each event's JSON (its event stream parser measures
 * every event of the array it is sent, pkg/eventstream).
 */
import type { Prisma } from "../generated/prisma/client";

export const MAX_REQUEST_BYTES = 256 * 1024;
export const MAX_EVENTS_PER_REQUEST = 5_000;
export const MAX_EVENT_NAME_LENGTH = 256;

/** An event as it is posted: the outbox row's id is the Inngest event id. */
export interface OutgoingEvent {
  id: string;
  name: string;
  data: Prisma.JsonValue;
}

/** The event's bytes in the request body, exactly as `JSON.stringify` of the request writes them. */
export function eventBytes(event: OutgoingEvent): number {
  return Buffer.byteLength(JSON.stringify({ id: event.id, name: event.name, data: event.data }));
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Why Inngest would refuse this event whatever the moment (so retrying is pointless), or null. */
function whyNeverAccepted(event: OutgoingEvent, bytes: number): string | null {
  if (event.name.length > MAX_EVENT_NAME_LENGTH) {
    return `Inngest would always refuse it: its name has ${event.name.length} characters, and Inngest accepts at most ${MAX_EVENT_NAME_LENGTH}.`;
  }
  // Even alone, an event travels inside the request's two brackets.
  if (bytes + 2 > MAX_REQUEST_BYTES) {
    return `Inngest would always refuse it: the event is ${kib(bytes)}, and Inngest accepts at most ${kib(MAX_REQUEST_BYTES - 2)} per event.`;
  }
  return null;
}

/**
 * Cuts events, in their order, into requests of at most 5,000 events and 256 KiB each; events that no
 * request could carry are set apart with the reason.
 */
export function planRequests<E extends OutgoingEvent>(events: E[]): { requests: E[][]; unsendable: { event: E; reason: string }[] } {
  const requests: E[][] = [];
  const unsendable: { event: E; reason: string }[] = [];
  let current: E[] = [];
  let currentBytes = 2; // "[" and "]"
  for (const event of events) {
    const bytes = eventBytes(event);
    const reason = whyNeverAccepted(event, bytes);
    if (reason) {
      unsendable.push({ event, reason });
      continue;
    }
    const full = current.length === MAX_EVENTS_PER_REQUEST || (current.length > 0 && currentBytes + 1 + bytes > MAX_REQUEST_BYTES);
    if (full) {
      requests.push(current);
      current = [];
      currentBytes = 2;
    }
    currentBytes += (current.length > 0 ? 1 : 0) + bytes; // a comma before every event but the first
    current.push(event);
  }
  if (current.length > 0) requests.push(current);
  return { requests, unsendable };
}
