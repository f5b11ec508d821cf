import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { readBody } from "@/lib/http/read-json";
import { apiRoute } from "@/lib/http/respond";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { receiveStripeWebhook } from "@/lib/payments/webhook";

const MAX_EVENT_BYTES = 512 * 1024;

/** Stripe's webhook: 200 once an event is applied or recorded as ignored; 400 if it is not genuine; 500 to be retried. */
export const POST = apiRoute(async (request) => {
  const body = await readBody(request, MAX_EVENT_BYTES);
  const applied = await receiveStripeWebhook(body, request.headers.get("stripe-signature"));
  if (applied.outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: applied.outboxIds }));
  return Response.json({ received: true, outcome: applied.outcome });
});
