"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "@/lib/format/viewer-format";

/**
 * Tells the server the browser's own time zone (the `tz` cookie lib/format/viewer.ts reads) and, when that
 * changed, renders the page again so its dates read in that zone. Renders nothing.
 */
export function TimeZoneCookie() {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    const prefix = `${TIME_ZONE_COOKIE}=`;
    const current = document.cookie
      .split("; ")
      .find((cookie) => cookie.startsWith(prefix))
      ?.slice(prefix.length);
    if (current !== undefined && decodeURIComponent(current) === zone) return;
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${prefix}${encodeURIComponent(zone)}; path=/; max-age=${400 * 24 * 3600}; samesite=lax${secure}`;
    router.refresh();
  }, [router]);
  return null;
}
