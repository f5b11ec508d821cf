"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { LiveTopic } from "./live-connection";
import { useLiveConnection } from "./live-provider";

const COALESCE_MS = 150;

/**
 * Re-renders the page from the server (and refetches its queries) when something it shows changes: `on` names the
 * live events that matter to it. A burst of events makes one refresh. `refreshWhilePolling` also refreshes on each
 * poll while push is unavailable, for a state in progress (an investment) that only events would otherwise reveal.
 */
export function LiveRefresh({ on, refreshWhilePolling = false }: { on: LiveTopic[]; refreshWhilePolling?: boolean }) {
  const connection = useLiveConnection();
  const router = useRouter();
  const queries = useQueryClient();
  const topics = on.join(",");
  useEffect(() => {
    const wanted = new Set(topics.split(","));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = connection.subscribe((signal) => {
      const relevant = signal.kind === "resync" || (signal.kind === "event" && wanted.has(signal.topic)) || (signal.kind === "tick" && refreshWhilePolling);
      if (!relevant || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        router.refresh();
        void queries.invalidateQueries();
      }, COALESCE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [connection, router, queries, topics, refreshWhilePolling]);
  return null;
}
