import type { Role } from "../generated/prisma/client";

/** The PostgreSQL channel every app instance listens on (lib/live/hub.ts). */
export const LIVE_CHANNEL = "autovest_live";

/** What changed in an investor's account: a fill settled, a deposit moved, a withdrawal moved, cash held or released for investing. */
export const ACCOUNT_CHANGES = ["fill", "deposit", "withdrawal", "investing"] as const;
export type AccountChange = (typeof ACCOUNT_CHANGES)[number];

/**
 * What a committed transaction announces on LIVE_CHANNEL: ids only, never personal data (a NOTIFY is seen by
 * every listener of the database, and is limited to 8000 bytes).
 */
export type LiveNotice =
  | { type: "prices"; asOf: string }
  /** `advisorId`: the owner's advisor, if they have one (an advisor's `book` events are about their own clients only). */
  | { type: "account"; kind: AccountChange; userId: string; accountId: string; advisorId?: string }
  /** A session (or, without sessionId, every session of the user) was signed out: its streams check and end. */
  | { type: "session-ended"; userId: string; sessionId?: string };

/** Who a stream is for. */
export interface LiveViewer {
  userId: string;
  role: Role;
  /** The session's id, or `token:<id>` for a personal API token. */
  sessionId: string;
}

/** An event as the browser's EventSource receives it (event name and JSON data). */
export interface LiveDelivery {
  event: "prices" | "account" | "book" | "resync";
  data: Record<string, string>;
}

/**
 * What one viewer is sent for a notice: prices for everyone; an account change to its owner (with the account id),
 * and as a `book` event that names nothing to admins and to the owner's own advisor (advisors see their clients
 * only, lib/advisor/clients.ts, so another advisor's page has nothing to refresh); `recheck` when the viewer's session may have ended (the stream
 * asks the database, never trusts the notice alone); nothing otherwise.
 */
export function deliveryFor(notice: LiveNotice | { type: "resync" }, viewer: LiveViewer): LiveDelivery | "recheck" | null {
  switch (notice.type) {
    case "prices":
      return { event: "prices", data: { asOf: notice.asOf } };
    case "account":
      if (notice.userId === viewer.userId) return { event: "account", data: { kind: notice.kind, accountId: notice.accountId } };
      if (viewer.role === "ADMIN" || (viewer.role === "ADVISOR" && notice.advisorId === viewer.userId)) return { event: "book", data: { kind: notice.kind } };
      return null;
    case "session-ended":
      if (notice.userId !== viewer.userId) return null;
      return notice.sessionId === undefined || notice.sessionId === viewer.sessionId ? "recheck" : null;
    case "resync":
      return { event: "resync", data: {} };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isId = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/** A notice read back from a NOTIFY payload; null for anything malformed (another writer on the channel, say). */
export function parseNotice(payload: string): LiveNotice | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  if (value.type === "prices" && typeof value.asOf === "string") return { type: "prices", asOf: value.asOf };
  if (value.type === "account" && isId(value.userId) && isId(value.accountId) && ACCOUNT_CHANGES.includes(value.kind as AccountChange)) {
    if (value.advisorId !== undefined && !isId(value.advisorId)) return null;
    return { type: "account", kind: value.kind as AccountChange, userId: value.userId, accountId: value.accountId, ...(value.advisorId ? { advisorId: value.advisorId } : {}) };
  }
  if (value.type === "session-ended" && isId(value.userId) && (value.sessionId === undefined || isId(value.sessionId))) {
    return { type: "session-ended", userId: value.userId, ...(value.sessionId ? { sessionId: value.sessionId } : {}) };
  }
  return null;
}
