import { recordAudit } from "../../audit/record";
import { db, type Tx } from "../../db";
import { InvalidInput, NotFound } from "../../errors";
import type { RequestContext } from "../../http/request-context";
import type { CurrentUser } from "../sessions";
import { configuredOidcProviders, isOidcProvider, type OidcProviderId } from "./providers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long a "Link Google" press waits for the provider's callback. */
export const LINK_INTENT_TTL_SECONDS = 10 * 60;

export interface LinkedIdentity {
  id: string;
  provider: OidcProviderId;
  email: string | null;
  linkedAt: Date;
}

/**
 * Records that this session's user, who has just proved the second factor (the action asks for step-up), wants to
 * link `provider`: the next callback from that provider in this same session, within LINK_INTENT_TTL_SECONDS,
 * links the identity it brings. Earlier unused intents of the session for the provider are dropped.
 */
export async function startOidcLink(user: CurrentUser, provider: unknown, context: RequestContext): Promise<OidcProviderId> {
  if (!isOidcProvider(provider) || !configuredOidcProviders().some((configured) => configured.id === provider)) {
    throw new InvalidInput("This sign-in provider is not available.");
  }
  await db.$transaction(async (tx) => {
    await tx.oidcLinkIntent.deleteMany({ where: { sessionId: user.sessionId, provider, usedAt: null } });
    const intent = await tx.oidcLinkIntent.create({
      data: { sessionId: user.sessionId, provider, expiresAt: new Date(Date.now() + LINK_INTENT_TTL_SECONDS * 1000) },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "OIDC_LINK_STARTED",
      actorId: user.id,
      target: { type: "OidcLinkIntent", id: intent.id },
      context,
      details: { provider },
    });
  });
  return provider;
}

/**
 * Uses up this session's link intent for `provider` (once; in the database's clock) and returns the user to link
 * to: null without an unused, unexpired intent, or when the session is signed out, expired or still waiting for
 * its second factor.
 */
export async function consumeLinkIntent(tx: Tx, sessionId: string, provider: OidcProviderId): Promise<string | null> {
  const [intent] = await tx.$queryRaw<{ userId: string }[]>`
    UPDATE "OidcLinkIntent" i SET "usedAt" = now()
    FROM "Session" s
    WHERE i."sessionId" = ${sessionId}::uuid AND i."provider" = ${provider} AND i."usedAt" IS NULL AND i."expiresAt" > now()
      AND s."id" = i."sessionId" AND s."revokedAt" IS NULL AND s."expiresAt" > now() AND NOT s."secondFactorPending"
    RETURNING s."userId"::text AS "userId"`;
  return intent?.userId ?? null;
}

/** The identities that sign this user in, oldest first. */
export async function listOidcIdentities(userId: string): Promise<LinkedIdentity[]> {
  const rows = await db.oidcIdentity.findMany({
    where: { userId },
    orderBy: { linkedAt: "asc" },
    select: { id: true, provider: true, email: true, linkedAt: true },
  });
  return rows.flatMap((row) => (isOidcProvider(row.provider) ? [{ ...row, provider: row.provider }] : []));
}

/** Removes one of the user's own identities (the action asks for step-up); someone else's is not found. */
export async function unlinkOidcIdentity(user: CurrentUser, identityId: unknown, context: RequestContext): Promise<OidcProviderId> {
  return db.$transaction(async (tx) => {
    const owned =
      typeof identityId === "string" && UUID.test(identityId)
        ? await tx.oidcIdentity.findFirst({ where: { id: identityId, userId: user.id } })
        : null;
    const removed = owned ? await tx.oidcIdentity.delete({ where: { id: owned.id } }) : null;
    if (!removed || !isOidcProvider(removed.provider)) throw new NotFound("That sign-in method is not linked to your account.");
    await recordAudit(tx, {
      action: "OIDC_IDENTITY_UNLINKED",
      actorId: user.id,
      target: { type: "OidcIdentity", id: removed.id },
      context,
      details: { provider: removed.provider, subject: removed.subject, email: removed.email },
    });
    return removed.provider;
  });
}
