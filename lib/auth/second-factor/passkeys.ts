/**
 * Passkeys (WebAuthn), through @simplewebauthn/server. The relying party is the app's own address
 * (env().appUrl). Every ceremony's challenge is kept server-side for one session and one purpose, two minutes,
 * and is deleted as it is checked, so a response can be verified once at most.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { db, type Tx } from "../../db";
import { env } from "../../env";
import { InvalidInput } from "../../errors";
import type { RequestContext } from "../../http/request-context";
import type { CurrentUser } from "../sessions";
import { factorAdded, type FactorChange } from "./factors";

const CHALLENGE_SECONDS = 120;
type Purpose = "register" | "authenticate";

function relyingParty() {
  const url = new URL(env().appUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: "Autovest" };
}

async function keepChallenge(user: CurrentUser, purpose: Purpose, challenge: string): Promise<void> {
  await db.$transaction([
    // Old and abandoned ceremonies of this session go; there is only ever one in flight per purpose.
    db.webAuthnChallenge.deleteMany({ where: { sessionId: user.sessionId, purpose } }),
    db.webAuthnChallenge.create({
      data: { userId: user.id, sessionId: user.sessionId, purpose, challenge, expiresAt: new Date(Date.now() + CHALLENGE_SECONDS * 1000) },
    }),
  ]);
}

/** Deletes the challenge (whatever the outcome) and says whether it was this session's, for this purpose, and live. */
function challengeConsumer(user: CurrentUser, purpose: Purpose) {
  return async (challenge: string): Promise<boolean> => {
    const [row] = await db.$queryRaw<{ live: boolean }[]>`
      DELETE FROM "WebAuthnChallenge"
      WHERE "challenge" = ${challenge} AND "sessionId" = ${user.sessionId}::uuid AND "userId" = ${user.id}::uuid AND "purpose" = ${purpose}
      RETURNING "expiresAt" > now() AS live`;
    return row?.live ?? false;
  };
}

/** Options for the browser to create a passkey for this user (never a second one on the same authenticator). */
export async function passkeyRegistrationOptions(user: CurrentUser): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db.secondFactor.findMany({ where: { userId: user.id, kind: "PASSKEY" }, select: { credentialId: true, transports: true } });
  const { rpID, rpName } = relyingParty();
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((factor) => ({ id: factor.credentialId!, transports: factor.transports as AuthenticatorTransport[] })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  await keepChallenge(user, "register", options.challenge);
  return options;
}

/** Verifies the browser's new passkey and keeps it as a factor named `label`. */
export async function addPasskey(user: CurrentUser, label: string, response: RegistrationResponseJSON, context: RequestContext): Promise<FactorChange> {
  const { rpID, origin } = relyingParty();
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: challengeConsumer(user, "register"),
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
  }).catch(() => null);
  if (!verification?.verified || !verification.registrationInfo) throw new InvalidInput("The passkey could not be added. Try again.");
  const { credential } = verification.registrationInfo;
  return db.$transaction(async (tx) => {
    const factor = await tx.secondFactor.create({
      data: {
        userId: user.id,
        kind: "PASSKEY",
        label,
        confirmedAt: new Date(),
        lastUsedAt: new Date(),
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey),
        signCount: BigInt(credential.counter),
        transports: credential.transports ?? [],
      },
    });
    return factorAdded(tx, user, { id: factor.id, kind: "PASSKEY", label }, context);
  });
}

/** Options for the browser to sign in (or step up) with one of this user's passkeys; null if they have none. */
export async function passkeyAuthenticationOptions(user: CurrentUser): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const passkeys = await db.secondFactor.findMany({ where: { userId: user.id, kind: "PASSKEY" }, select: { credentialId: true, transports: true } });
  if (passkeys.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    allowCredentials: passkeys.map((factor) => ({ id: factor.credentialId!, transports: factor.transports as AuthenticatorTransport[] })),
    userVerification: "preferred",
  });
  await keepChallenge(user, "authenticate", options.challenge);
  return options;
}

/**
 * A passkey's signature counter must move forward (a clone of the authenticator would replay old counts); both
 * zero is an authenticator that keeps no counter, which WebAuthn allows.
 */
export function signCountAcceptable(stored: bigint, received: number): boolean {
  return (stored === 0n && received === 0) || BigInt(received) > stored;
}

/**
 * Checks a passkey assertion for this user; returns the factor's id, or null for anything wrong (not theirs,
 * stale or reused challenge, bad signature, a counter that went backwards).
 */
export async function usePasskey(tx: Tx, user: CurrentUser, response: AuthenticationResponseJSON): Promise<string | null> {
  const factor = await tx.secondFactor.findFirst({ where: { userId: user.id, kind: "PASSKEY", credentialId: response.id } });
  if (!factor?.publicKey || factor.signCount === null) return null;
  const { rpID, origin } = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challengeConsumer(user, "authenticate"),
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
    credential: {
      id: factor.credentialId!,
      publicKey: new Uint8Array(factor.publicKey),
      counter: Number(factor.signCount),
      transports: factor.transports as AuthenticatorTransport[],
    },
  }).catch(() => null);
  if (!verification?.verified) return null;
  const { newCounter } = verification.authenticationInfo;
  if (!signCountAcceptable(factor.signCount, newCounter)) return null;
  // Only from the count we checked: a concurrent use of the same assertion loses.
  const updated = await tx.$executeRaw`
    UPDATE "SecondFactor" SET "signCount" = ${BigInt(newCounter)}, "lastUsedAt" = now()
    WHERE "id" = ${factor.id}::uuid AND "signCount" = ${factor.signCount}`;
  return updated === 1 ? factor.id : null;
}
