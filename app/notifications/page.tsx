import type { Metadata } from "next";
import Link from "next/link";
import { MarkAllReadForm, MarkReadForm } from "@/components/notifications/notification-forms";
import { NotificationList } from "@/components/notifications/notification-list";
import { UnreadCountSync } from "@/components/notifications/notifications-link";
import { requirePageUser } from "@/lib/auth/guards";
import { InvalidInput } from "@/lib/errors";
import { listNotifications, unreadCount } from "@/lib/notifications/centre";
import { markAllReadAction, markReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const user = await requirePageUser("/notifications");
  const { cursor: rawCursor } = await searchParams;
  const cursor = rawCursor && /^[\w-]{1,300}$/.test(rawCursor) ? rawCursor : undefined;
  // A cursor that is not one of ours (edited by hand) shows the newest page.
  const [{ notifications, nextCursor }, unread] = await Promise.all([
    listNotifications(user, cursor).catch((error: unknown) => {
      if (cursor && error instanceof InvalidInput) return listNotifications(user);
      throw error;
    }),
    unreadCount(user),
  ]);
  return (
    <main>
      <h1>Notifications</h1>
      <UnreadCountSync unread={unread} />
      <div className="inline-form">
        <p>{unread === 0 ? "You have no unread notifications." : `You have ${unread} unread notification${unread === 1 ? "" : "s"}.`}</p>
        {unread > 0 && <MarkAllReadForm action={markAllReadAction} />}
      </div>
      {notifications.length === 0 ? (
        <p>Nothing yet. We tell you here when your money arrives and is invested, when your portfolio is rebalanced or moves sharply, and about your identity check.</p>
      ) : (
        <NotificationList
          notifications={notifications}
          markRead={(notification) => <MarkReadForm action={markReadAction} notificationId={notification.id} title={notification.title} />}
        />
      )}
      <p className="actions">
        {cursor && <Link href="/notifications">Newest</Link>}
        {nextCursor && <Link href={`/notifications?cursor=${nextCursor}`}>Older</Link>}
      </p>
    </main>
  );
}
