import { recordAudit } from "../audit/record";
import { db, type Tx } from "../db";
import { NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { notifyLive } from "../live/notify";
import type { CurrentUser } from "./sessions";
import { parseUserAgent, type Device } from "./user-agent";

/** One signed-in browser of the user, as the sessions page shows it. */
export interface SessionView {
  id: string;
  device: Device;
  /** The address recorded when it signed in (no location is looked up). */
  ip: string | null;
  startedAt: Date;
  lastSeenAt: Date;
  isCurrent: boolean;
}

/** The user's live sessions, most recently used first (this one included, and marked). */
export async function listSessions(user: CurrentUser): Promise<SessionView[]> {
  const sessions = await db.session.findMany({
    where: { userId: user.id, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
  return sessions
    .map((session) => ({
      id: session.id,
      device: parseUserAgent(session.userAgent),
      ip: session.ip,
      startedAt: session.createdAt,
      lastSeenAt: session.lastSeenAt ?? session.createdAt,
      isCurrent: session.id === user.sessionId,
    }))
    .sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
}

/** Signs one of the user's own sessions out (another user's session is not found). */
export async function revokeSession(user: CurrentUser, sessionId: string, context: RequestContext): Promise<void> {
  await db.$transaction(async (tx) => {
    const ended = await tx.session.updateMany({ where: { id: sessionId, userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (ended.count === 0) throw new NotFound("That session has already ended.");
    await notifyLive(tx, { type: "session-ended", userId: user.id, sessionId });
    await recordAudit(tx, { action: "USER_SESSION_REVOKED", actorId: user.id, target: { type: "Session", id: sessionId }, context });
  });
}

/** Signs every session of the user out, this one included. */
export async function signOutEverywhere(user: CurrentUser, context: RequestContext): Promise<number> {
  return db.$transaction(async (tx) => {
    const ended = await endSessionsOf(tx, user.id);
    await recordAudit(tx, { action: "USER_SIGNED_OUT_EVERYWHERE", actorId: user.id, target: { type: "User", id: user.id }, context, details: { sessions: ended } });
    return ended;
  });
}

/** Ends the user's live sessions (all of them, or all but `except`) in the caller's transaction; returns how many. */
export async function endSessionsOf(tx: Tx, userId: string, { except }: { except?: string } = {}): Promise<number> {
  const ended = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(except ? { NOT: { id: except } } : {}) },
    data: { revokedAt: new Date() },
  });
  // Every stream of the user checks its own session: the one kept (`except`) stays open.
  if (ended.count > 0) await notifyLive(tx, { type: "session-ended", userId });
  return ended.count;
}

const ACTIVITY_RESOLUTION_MS = 60_000;
const lastWritten = new Map<string, number>();

/**
 * Notes that a session made a request: at most once a minute per session (this process skips the write, and the
 * database skips it for another instance's recent one). Called after the response (next/server's after()).
 */
export async function recordSessionActivity(sessionId: string): Promise<void> {
  const now = Date.now();
  if (now - (lastWritten.get(sessionId) ?? 0) < ACTIVITY_RESOLUTION_MS) return;
  lastWritten.set(sessionId, now);
  if (lastWritten.size > 10_000) lastWritten.clear(); // a bound, not a cache policy: a cleared entry costs one write
  await db.$executeRaw`
    UPDATE "Session" SET "lastSeenAt" = now()
    WHERE "id" = ${sessionId}::uuid AND "revokedAt" IS NULL
      AND ("lastSeenAt" IS NULL OR "lastSeenAt" < now() - make_interval(secs => ${ACTIVITY_RESOLUTION_MS / 1000}))`;
}
