"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the page from the server every `ms` while something is in progress (an investment, say), and
 * gives up after `times` refreshes so a stuck run does not poll forever.
 */
export function AutoRefresh({ ms = 2000, times = 30 }: { ms?: number; times?: number }) {
  const router = useRouter();
  useEffect(() => {
    let left = times;
    const timer = setInterval(() => {
      if (--left < 0) return clearInterval(timer);
      router.refresh();
    }, ms);
    return () => clearInterval(timer);
  }, [router, ms, times]);
  return null;
}
