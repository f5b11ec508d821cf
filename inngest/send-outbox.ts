import { EventsRefused, type SendEvents } from "@/lib/outbox/outbox";
import { inngest } from "./client";

/**
 * Statuses that are not about the events: a missing or unknown event key (401, 403, 404), a timeout (408) and
 * rate limiting (429) would refuse any event, so they are outages, never charged to a row.
 */
const NOT_ABOUT_THE_EVENTS = new Set([401, 403, 404, 408, 429]);

/**
 * Posts outbox rows to Inngest's event API (`POST /e/<event key>`), each with its row id as the event id, on
 * which Inngest deduplicates. It posts with the client's own URL, key, headers and fetch rather than through
 * `inngest.send`, which retries every failure five times (about 1.5 s) and keeps only a message: the outbox
 * needs each request's answer, and to tell a refusal of the events (another 4xx) from an outage.
 */
export const sendToInngest: SendEvents = async (events, signal) => {
  const url = new URL(`e/${inngest.eventKey ?? "NO_EVENT_KEY_SET"}`, inngest.eventBaseUrl);
  let response: Response;
  try {
    response = await inngest.fetch(url.href, {
      method: "POST",
      headers: { ...inngest.headers, "content-type": "application/json" },
      body: JSON.stringify(events),
      signal,
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    throw new Error(`no answer from ${url.origin}: ${error instanceof Error ? error.message : String(error)}${cause}`, { cause: error });
  }
  // Inngest answers { ids, status } and, when it refuses, an `error` (the events before the refused one may be
  // kept: sent again, they are deduplicated by id).
  const body = (await response.json().catch(() => null)) as { status?: number; error?: string } | null;
  if (response.ok && (body?.status ?? 200) === 200 && !body?.error) return;
  const status = response.ok ? (body?.status ?? response.status) : response.status;
  const message = `Inngest answered ${status}: ${body?.error ?? (response.statusText || "no reason given")}`;
  if (status >= 400 && status < 500 && !NOT_ABOUT_THE_EVENTS.has(status)) throw new EventsRefused(message);
  throw new Error(message);
};
