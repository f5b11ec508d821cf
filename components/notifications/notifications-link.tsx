"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, type CSSProperties } from "react";

const KEY = "notifications-unread";

/**
 * The header's link to the notification centre, named "Notifications (3 unread)" for assistive technology,
 * with the count beside the word. The root layout that renders it stays put while pages change, so it asks
 * for the count again on every page (and every 30 seconds); the server's count shows until the answer comes.
 */
export function NotificationsLink({ unread: rendered }: { unread: number }) {
  const pathname = usePathname();
  const { data: unread = rendered } = useQuery({
    queryKey: [KEY, pathname, rendered],
    queryFn: async () => {
      const response = await fetch("/notifications/unread", { cache: "no-store" });
      if (!response.ok) throw new Error(`unread count ${response.status}`);
      return ((await response.json()) as { unread: number }).unread;
    },
    initialData: rendered,
    refetchInterval: 30_000,
  });
  return (
    <Link href="/notifications" className="icon-button">
      <span className="icon" aria-hidden="true" style={{ "--icon": "url(/icons/bell.svg)" } as CSSProperties} />
      <span className="visually-hidden">{unread > 0 ? `Notifications (${unread} unread)` : "Notifications"}</span>
      {unread > 0 && (
        <span className="unread-dot" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}

/** Hands the header the count a page just read (the centre, after marking read), so both say the same. */
export function UnreadCountSync({ unread }: { unread: number }) {
  const queries = useQueryClient();
  useEffect(() => {
    queries.setQueriesData({ queryKey: [KEY] }, unread);
  }, [queries, unread]);
  return null;
}
