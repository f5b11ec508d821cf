import type { ReactNode } from "react";
import Link from "next/link";
import type { NotificationView } from "@/lib/notifications/centre";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";

/**
 * The notifications, newest first: an unread one is marked "New" and its title is bold, with a button to mark
 * it read (`markRead` renders it for a notification); a read one says so.
 */
export async function NotificationList({ notifications, markRead }: { notifications: NotificationView[]; markRead: (notification: NotificationView) => ReactNode }) {
  const format = await viewerFormatFor(await currentUser());

  return (
    <ul className="notes" aria-label="Your notifications, newest first">
      {notifications.map((notification) => {
        const unread = notification.readAt === null;
        const title = notification.link ? <Link href={notification.link}>{notification.title}</Link> : notification.title;
        return (
          <li key={notification.id} className="card">
            <p>
              {unread ? (
                <>
                  <span className="status status-succeeded">New</span> <strong>{title}</strong>
                </>
              ) : (
                title
              )}
            </p>
            <p>{notification.body}</p>
            <p className="muted">
              <time dateTime={notification.createdAt.toISOString()}>{format.dateTime(notification.createdAt)}</time>
              {unread ? "" : " · Read"}
            </p>
            {unread && markRead(notification)}
          </li>
        );
      })}
    </ul>
  );
}
