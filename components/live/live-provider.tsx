"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import { LiveConnection } from "./live-connection";

const LiveContext = createContext<LiveConnection | null>(null);

/** Holds the browser's one live connection (components/live/live-connection.ts); mounted once, in components/providers.tsx. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [connection] = useState(() => new LiveConnection());
  return <LiveContext.Provider value={connection}>{children}</LiveContext.Provider>;
}

export function useLiveConnection(): LiveConnection {
  const connection = useContext(LiveContext);
  if (!connection) throw new Error("useLiveConnection needs a LiveProvider above it");
  return connection;
}
