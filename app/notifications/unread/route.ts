import { userRoute } from "@/lib/http/route-client";
import { unreadCount } from "@/lib/notifications/centre";

/** The signed-in user's unread count, for the header's Notifications link (which asks as pages change). */
export const GET = userRoute({}, async ({ user }) =>
  Response.json({ unread: await unreadCount(user) }, { headers: { "Cache-Control": "no-store" } }),
);
