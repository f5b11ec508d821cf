/**
 * A user's second factors: listing, TOTP enrolment, removal, recovery codes, and checking a TOTP code or a
 * recovery code. Every change is audited and announced (email) in the transaction that makes it.
 */
import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record";
import { db, type Tx } from "../../db";
import { Conflict, InvalidInput, NotFound } from "../../errors";
import type { SecondFactorKind } from "../../generated/prisma/client";
import type { RequestContext } from "../../http/request-context";
import { seal, unseal } from "../../kyc/encryption";
import { kycKeyRing } from "../../kyc/keys";
import { notify } from "../../notifications/notify";
import { isStaff } from "../roles";
import type { CurrentUser } from "../sessions";
import { markSecondFactorProved, requireStepUp } from "../step-up";
import { secondFactorChanged } from "./notices";
import { newRecoveryCodes, recoveryCodeHash } from "./recovery-codes";
import { acceptedTotpStep, newTotpSecret, totpUri } from "./totp";

const totpSealContext = (userId: string) => `user:${userId}:totp`;

export interface SecondFactorView {
  id: string;
  kind: SecondFactorKind;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface SecurityOverview {
  factors: SecondFactorView[];
  /** A TOTP enrolment waiting for its first code: the secret to show (QR and manual key). */
  pendingTotp: { secret: string; uri: string } | null;
  unusedRecoveryCodes: number;
  hasRecoveryCodes: boolean;
}

/** Whether the user has a confirmed second factor (TOTP or passkey); recovery codes alone are not one. */
export async function hasSecondFactor(client: Tx | typeof db, userId: string): Promise<boolean> {
  return (await client.secondFactor.count({ where: { userId, confirmedAt: { not: null } } })) > 0;
}

/** The kinds of confirmed factor the user has (for offering the right ways to prove one). */
export async function secondFactorKinds(userId: string): Promise<SecondFactorKind[]> {
  const rows = await db.secondFactor.findMany({ where: { userId, confirmedAt: { not: null } }, select: { kind: true }, distinct: ["kind"] });
  return rows.map((row) => row.kind);
}

/** Adding a factor to an account that already has one is a factor change: it needs step-up; the first does not. */
export async function requireStepUpIfProtected(user: CurrentUser): Promise<void> {
  if (await hasSecondFactor(db, user.id)) await requireStepUp(user);
}

export async function securityOverview(user: CurrentUser): Promise<SecurityOverview> {
  const [rows, codes] = await Promise.all([
    db.secondFactor.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } }),
    db.recoveryCode.groupBy({ by: ["usedAt"], where: { userId: user.id }, _count: true }),
  ]);
  const pending = rows.find((row) => row.kind === "TOTP" && !row.confirmedAt && row.totpSecret);
  const secret = pending?.totpSecret ? unseal(kycKeyRing(), pending.totpSecret, totpSealContext(user.id)) : null;
  return {
    factors: rows
      .filter((row) => row.confirmedAt)
      .map(({ id, kind, label, createdAt, lastUsedAt }) => ({ id, kind, label, createdAt, lastUsedAt })),
    pendingTotp: secret ? { secret, uri: totpUri(secret, user.email) } : null,
    unusedRecoveryCodes: codes.filter((group) => group.usedAt === null).reduce((sum, group) => sum + group._count, 0),
    hasRecoveryCodes: codes.length > 0,
  };
}

/** Starts (or restarts) adding an authenticator app: a new secret, kept sealed until a code confirms it. */
export async function startTotpEnrolment(user: CurrentUser): Promise<void> {
  const secret = newTotpSecret();
  await db.$transaction(async (tx) => {
    await tx.secondFactor.deleteMany({ where: { userId: user.id, kind: "TOTP", confirmedAt: null } });
    await tx.secondFactor.create({
      data: { userId: user.id, kind: "TOTP", label: "Authenticator app", totpSecret: seal(kycKeyRing(), secret, totpSealContext(user.id)) },
    });
  });
}

/** What a factor change leaves to do after its transaction: the emails to send. */
export interface FactorChange {
  outboxIds: string[];
}

/** Confirms the pending authenticator app with a code from it; the session counts as having proved it. */
export async function confirmTotpEnrolment(user: CurrentUser, code: string, context: RequestContext): Promise<FactorChange> {
  return db.$transaction(async (tx) => {
    const [pending] = await tx.$queryRaw<{ id: string; totpSecret: string }[]>`
      SELECT "id", "totpSecret" FROM "SecondFactor"
      WHERE "userId" = ${user.id}::uuid AND "kind" = 'TOTP' AND "confirmedAt" IS NULL FOR UPDATE`;
    if (!pending) throw new Conflict("Start adding the authenticator app again: no set-up is waiting for a code.");
    const secret = unseal(kycKeyRing(), pending.totpSecret, totpSealContext(user.id));
    const step = acceptedTotpStep(secret, code, new Date(), null);
    if (step === null) throw new InvalidInput("That code is not right. Check the app shows Autovest and try the current code.", { code: "Wrong code." });
    await tx.secondFactor.update({ where: { id: pending.id }, data: { confirmedAt: new Date(), lastUsedAt: new Date(), totpLastTimeStep: step } });
    return factorAdded(tx, user, { id: pending.id, kind: "TOTP", label: "Authenticator app" }, context);
  });
}

/** The audit record, the email, and the session's proof (the user just used the factor) for a new factor. */
export async function factorAdded(
  tx: Tx,
  user: CurrentUser,
  factor: { id: string; kind: SecondFactorKind; label: string },
  context: RequestContext,
): Promise<FactorChange> {
  await recordAudit(tx, {
    action: "SECOND_FACTOR_ADDED",
    actorId: user.id,
    target: { type: "SecondFactor", id: factor.id },
    context,
    details: { kind: factor.kind, label: factor.label },
  });
  await markSecondFactorProved(tx, user.sessionId);
  const what = factor.kind === "TOTP" ? "an authenticator app was added" : `a passkey ("${factor.label}") was added`;
  return { outboxIds: await notify(tx, secondFactorChanged(user.id, { what: capitalise(what), eventId: factor.id })) };
}

/** Removes one of the user's factors. Staff keep at least one (they need it to reach /admin). */
export async function removeSecondFactor(user: CurrentUser, factorId: string, context: RequestContext): Promise<FactorChange> {
  return db.$transaction(async (tx) => {
    const factor = await tx.secondFactor.findFirst({ where: { id: factorId, userId: user.id, confirmedAt: { not: null } } });
    if (!factor) throw new NotFound("No such second factor.");
    const others = await tx.secondFactor.count({ where: { userId: user.id, confirmedAt: { not: null }, id: { not: factorId } } });
    if (others === 0 && isStaff(user.role)) throw new Conflict("Staff accounts keep at least one second factor: add another before removing this one.");
    await tx.secondFactor.delete({ where: { id: factorId } });
    // Without any factor, recovery codes would be a way round nothing: they go with the last one.
    if (others === 0) await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, {
      action: "SECOND_FACTOR_REMOVED",
      actorId: user.id,
      target: { type: "SecondFactor", id: factorId },
      context,
      details: { kind: factor.kind, label: factor.label, remaining: others },
    });
    const what = factor.kind === "TOTP" ? "An authenticator app was removed" : `A passkey ("${factor.label}") was removed`;
    return { outboxIds: await notify(tx, secondFactorChanged(user.id, { what, eventId: `removed:${factorId}` })) };
  });
}

/** Replaces the user's recovery codes with ten new ones, returned once (only their hashes are kept). */
export async function issueRecoveryCodes(user: CurrentUser, context: RequestContext): Promise<FactorChange & { codes: string[] }> {
  const codes = newRecoveryCodes();
  return db.$transaction(async (tx) => {
    if (!(await hasSecondFactor(tx, user.id))) throw new Conflict("Add an authenticator app or a passkey first: recovery codes stand in for one.");
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId: user.id, codeHash: recoveryCodeHash(code) })) });
    const batch = randomUUID();
    await recordAudit(tx, { action: "RECOVERY_CODES_GENERATED", actorId: user.id, target: { type: "User", id: user.id }, context, details: { count: codes.length } });
    const outboxIds = await notify(tx, secondFactorChanged(user.id, { what: "New recovery codes were made (the old ones no longer work)", eventId: `codes:${batch}` }));
    return { codes, outboxIds };
  });
}

/**
 * Checks a code from the user's authenticator app; on success records its time step (so it never counts again)
 * and returns the factor's id. The step is recorded only if it is later than the last, in one statement, so two
 * concurrent uses of one code cannot both pass.
 */
export async function useTotpCode(tx: Tx, userId: string, code: string, at = new Date()): Promise<string | null> {
  const factors = await tx.secondFactor.findMany({ where: { userId, kind: "TOTP", confirmedAt: { not: null } } });
  for (const factor of factors) {
    const step = acceptedTotpStep(unseal(kycKeyRing(), factor.totpSecret!, totpSealContext(userId)), code, at, factor.totpLastTimeStep);
    if (step === null) continue;
    const claimed = await tx.$executeRaw`
      UPDATE "SecondFactor" SET "totpLastTimeStep" = ${step}, "lastUsedAt" = now()
      WHERE "id" = ${factor.id}::uuid AND ("totpLastTimeStep" IS NULL OR "totpLastTimeStep" < ${step})`;
    if (claimed === 1) return factor.id;
  }
  return null;
}

/** Marks one of the user's unused recovery codes used; false if it is not theirs, or already used. */
export async function useRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  const used = await tx.$executeRaw`
    UPDATE "RecoveryCode" SET "usedAt" = now()
    WHERE "userId" = ${userId}::uuid AND "codeHash" = ${recoveryCodeHash(code)} AND "usedAt" IS NULL`;
  return used === 1;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
