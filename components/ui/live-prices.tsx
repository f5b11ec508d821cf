"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * Watches when prices were last synced (every 5 seconds) and re-renders the page from the server when they
 * change, so values follow the market without a reload.
 */
export function LivePrices({ everyMs = 5000 }: { everyMs?: number }) {
  const router = useRouter();
  const { data } = useQuery({
    queryKey: ["market-status"],
    queryFn: async () => {
      const response = await fetch("/api/v1/market/status", { cache: "no-store" });
      if (!response.ok) throw new Error(`market status ${response.status}`);
      return (await response.json()) as { pricesAsOf: string | null; stale: boolean };
    },
    refetchInterval: everyMs,
  });
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!data) return;
    if (seen.current !== undefined && seen.current !== data.pricesAsOf) router.refresh();
    seen.current = data.pricesAsOf;
  }, [data, router]);
  return null;
}
