import { randomUUID } from "node:crypto";
import { inngest } from "@/inngest/client";
import { adminRoute } from "@/lib/http/route-client";

/** Admins ask for a price sync now rather than at the next scheduled one. */
export const POST = adminRoute({}, async ({ user }) => {
  const id = randomUUID();
  await inngest.send({ id, name: "prices/sync.requested", data: { reason: `requested by ${user.email}` } });
  return Response.json({ requested: true, eventId: id }, { status: 202 });
});
