import { randomBytes } from "node:crypto";
import { recordAudit } from "../../audit/record";
import { db, type Tx } from "../../db";
import type { RequestContext } from "../../http/request-context";
import { openInvestorAccount } from "../accounts";
import { normaliseEmail } from "../email";
import { hashPassword } from "../password";
import { isStaff } from "../roles";
import { hasSecondFactor } from "../second-factor/factors";
import type { CurrentUser } from "../sessions";
import { openSession } from "../sessions";
import { consumeLinkIntent } from "./link";
import type { OidcProviderId } from "./providers";

/** What an OpenID provider told us about the person, after next-auth/openid-client checked the ID token. */
export interface ProviderIdentity {
  provider: OidcProviderId;
  /** The ID token's `sub`. */
  subject: string;
  email: string | null;
  /** Only `true` from the provider counts (Apple sends the string "true"). */
  emailVerified: boolean;
  name: string | null;
}

/** Why a provider's identity did not sign anyone in; each is shown on the sign-in (or Security) page. */
export type OidcRefusal =
  /** The email belongs to an account this identity is not linked to: sign in with the password and link it. */
  | "email_taken"
  /** Unknown identity whose email the provider has not verified: no account is opened. */
  | "email_unverified"
  /** The provider gave no email: nothing to open an account with. */
  | "no_email"
  /** Advisors and admins sign in with password and second factor only. */
  | "staff"
  /** Linking: the identity already signs in another account. */
  | "linked_elsewhere";

export type OidcOutcome =
  | { kind: "signed_in"; user: CurrentUser & { secondFactorPending: boolean }; newAccount: boolean }
  | { kind: "linked"; provider: OidcProviderId }
  | { kind: "refused"; reason: OidcRefusal; linking: boolean };

/**
 * Decides what a provider's checked identity does (docs/security.md, "Sign in with Google or Apple"):
 * - with an unused link intent of the current session (started from Security after step-up), it is linked to
 *   that session's user, unless it already belongs to someone else;
 * - a linked identity signs its user in (staff never), waiting for the second factor when the user has one;
 * - an unknown identity opens a new investor account only when its email is verified and belongs to nobody:
 *   an existing account's email is never signed in or linked automatically.
 * Every outcome is audited.
 */
export async function signInWithProvider(
  identity: ProviderIdentity,
  context: RequestContext,
  currentSessionId: string | null,
): Promise<OidcOutcome> {
  const email = identity.email ? normaliseEmail(identity.email).slice(0, 254) : null;
  if (currentSessionId) {
    const linked = await linkWithIntent({ ...identity, email }, currentSessionId, context);
    if (linked) return linked;
  }

  const existing = await db.oidcIdentity.findUnique({
    where: { provider_subject: { provider: identity.provider, subject: identity.subject } },
    select: { user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (existing) {
    const { user } = existing;
    if (isStaff(user.role)) return refuse("staff", { ...identity, email }, context, user.id);
    return db.$transaction(async (tx) => ({ kind: "signed_in", user: await openProviderSession(tx, user, identity.provider, context), newAccount: false }));
  }

  if (!email) return refuse("no_email", { ...identity, email }, context);
  const owner = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (owner) return refuse("email_taken", { ...identity, email }, context, owner.id);
  if (!identity.emailVerified) return refuse("email_unverified", { ...identity, email }, context);

  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email, name: displayNameOf(identity.name, email), passwordHash, role: "INVESTOR" },
        select: { id: true, email: true, name: true, role: true },
      });
      await recordAudit(tx, {
        action: "USER_SIGNED_UP",
        actorId: user.id,
        target: { type: "User", id: user.id },
        context,
        details: { email, role: user.role, method: identity.provider },
      });
      await openInvestorAccount(tx, user.id, { actorId: user.id, context });
      await linkIdentity(tx, user.id, { ...identity, email }, context);
      return { kind: "signed_in", user: await openProviderSession(tx, user, identity.provider, context), newAccount: true };
    });
  } catch (error) {
    // Two sign-ups with one email at once: the unique index decides, the loser is told to sign in.
    if (isUniqueViolation(error)) return refuse("email_taken", { ...identity, email }, context);
    throw error;
  }
}

async function linkWithIntent(identity: ProviderIdentity, sessionId: string, context: RequestContext): Promise<OidcOutcome | null> {
  return db.$transaction(async (tx) => {
    const userId = await consumeLinkIntent(tx, sessionId, identity.provider);
    if (!userId) return null;
    const owner = await tx.oidcIdentity.findUnique({
      where: { provider_subject: { provider: identity.provider, subject: identity.subject } },
      select: { userId: true },
    });
    if (owner && owner.userId !== userId) {
      await auditRefusal(tx, "linked_elsewhere", identity, context, userId);
      return { kind: "refused", reason: "linked_elsewhere", linking: true } as const;
    }
    if (!owner) await linkIdentity(tx, userId, identity, context);
    return { kind: "linked", provider: identity.provider } as const;
  });
}

async function linkIdentity(tx: Tx, userId: string, identity: ProviderIdentity, context: RequestContext): Promise<void> {
  const linked = await tx.oidcIdentity.create({
    data: { provider: identity.provider, subject: identity.subject, userId, email: identity.email },
    select: { id: true },
  });
  await recordAudit(tx, {
    action: "OIDC_IDENTITY_LINKED",
    actorId: userId,
    target: { type: "OidcIdentity", id: linked.id },
    context,
    details: { provider: identity.provider, subject: identity.subject, email: identity.email },
  });
}

async function openProviderSession(
  tx: Tx,
  user: Omit<CurrentUser, "sessionId">,
  provider: OidcProviderId,
  context: RequestContext,
): Promise<CurrentUser & { secondFactorPending: boolean }> {
  const secondFactorPending = await hasSecondFactor(user.id, tx);
  const sessionId = await openSession(tx, user.id, context, { secondFactorPending });
  await recordAudit(tx, {
    action: "USER_SIGNED_IN",
    actorId: user.id,
    target: { type: "Session", id: sessionId },
    context,
    details: { method: provider, secondFactorPending },
  });
  return { ...user, sessionId, secondFactorPending };
}

async function refuse(reason: OidcRefusal, identity: ProviderIdentity, context: RequestContext, userId?: string): Promise<OidcOutcome> {
  await db.$transaction((tx) => auditRefusal(tx, reason, identity, context, userId));
  return { kind: "refused", reason, linking: false };
}

function auditRefusal(tx: Tx, reason: OidcRefusal, identity: ProviderIdentity, context: RequestContext, userId?: string) {
  return recordAudit(tx, {
    action: "OIDC_SIGN_IN_REFUSED",
    actorId: null,
    target: userId ? { type: "User", id: userId } : undefined,
    context,
    details: { provider: identity.provider, subject: identity.subject, email: identity.email, reason },
  });
}

/** The provider's name when it gives one (trimmed, at most 100 characters), else the email's local part. */
function displayNameOf(name: string | null, email: string): string {
  const cleaned = (name ?? "").replace(/[\p{C}]/gu, "").trim().slice(0, 100);
  return cleaned || email.split("@")[0]!.slice(0, 100);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
