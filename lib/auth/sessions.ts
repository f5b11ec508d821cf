import { recordAudit } from "../audit/record";
import { db, type Tx } from "../db";
import { env } from "../env";
import type { Role } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { notifyLive } from "../live/notify";

/** The signed-in user as every server-side check sees it: read from the database on each request. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  /** The IANA zone chosen in Settings; null or absent: the browser's (lib/format/viewer.ts). */
  timeZone?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sessionMaxAgeSeconds(): number {
  return env().SESSION_MAX_AGE_HOURS * 3600;
}

/**
 * Opens a session. With `secondFactorPending` (the first factor passed, the user has a second one) it reaches only
 * the second-factor step until that is proved (lib/auth/second-factor/prove.ts).
 */
export async function openSession(tx: Tx, userId: string, context: RequestContext, { secondFactorPending = false } = {}): Promise<string> {
  const session = await tx.session.create({
    data: {
      userId,
      secondFactorPending,
      expiresAt: new Date(Date.now() + sessionMaxAgeSeconds() * 1000),
      ip: context.ip,
      userAgent: context.userAgent,
    },
    select: { id: true },
  });
  return session.id;
}

/**
 * The user behind a live session, with their current role and whether the session still waits for its second
 * factor; null once it is signed out or expired.
 */
export async function liveSession(sessionId: string): Promise<(CurrentUser & { secondFactorPending: boolean }) | null> {
  if (!UUID.test(sessionId)) return null;
  // One round trip (a nested Prisma select would take two): it is asked on every signed-in request.
  const [user] = await db.$queryRaw<(Omit<CurrentUser, "sessionId"> & { secondFactorPending: boolean })[]>`
    SELECT u."id", u."email", u."name", u."role"::text AS role, u."timeZone", s."secondFactorPending"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${sessionId}::uuid AND s."revokedAt" IS NULL AND s."expiresAt" > now()`;
  return user ? { ...user, sessionId } : null;
}

/**
 * The signed-in user of a session: null when it is signed out, expired, or still waiting for its second factor
 * (such a session reaches only the second-factor step of signing in).
 */
export async function userOfSession(sessionId: string): Promise<CurrentUser | null> {
  const session = await liveSession(sessionId);
  if (!session || session.secondFactorPending) return null;
  const { secondFactorPending: _pending, ...user } = session;
  return user;
}

/** Signs a session out (once: a second sign-out of the same session changes nothing). */
export async function endSession(sessionId: string, context: RequestContext): Promise<void> {
  await db.$transaction(async (tx) => {
    const ended = await tx.session.updateManyAndReturn({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date() },
      select: { userId: true },
    });
    const [session] = ended;
    if (!session) return;
    await notifyLive(tx, { type: "session-ended", userId: session.userId, sessionId });
    await recordAudit(tx, {
      action: "USER_SIGNED_OUT",
      actorId: session.userId,
      target: { type: "Session", id: sessionId },
      context,
    });
  });
}
