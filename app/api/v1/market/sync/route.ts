import { randomUUID } from "node:crypto";
import { inngest } from "@/inngest/client";
import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";

/** Admins ask for a price sync now rather than at the next scheduled one. */
export const POST = apiRoute(async () => {
  const admin = await requireUser(["ADMIN"]);
  const id = randomUUID();
  await inngest.send({ id, name: "prices/sync.requested", data: { reason: `requested by ${admin.email}` } });
  return Response.json({ requested: true, eventId: id }, { status: 202 });
});
