import type { SendEvents } from "@/lib/outbox/outbox";
import { inngest } from "./client";

/** Sends outbox rows to Inngest, each with its row id as the event id (Inngest deduplicates on it). */
export const sendToInngest: SendEvents = async (events) => {
  await inngest.send(events.map((event) => ({ id: event.id, name: event.name, data: event.data as Record<string, unknown> })));
};
