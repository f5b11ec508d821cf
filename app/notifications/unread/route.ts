import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { unreadCount } from "@/lib/notifications/centre";

/** The signed-in user's unread count, for the header's Notifications link (which asks as pages change). */
export const GET = apiRoute(async () => {
  const user = await requireUser();
  return Response.json({ unread: await unreadCount(user) }, { headers: { "Cache-Control": "no-store" } });
});
