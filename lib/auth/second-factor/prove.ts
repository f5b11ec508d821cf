/**
 * Proving a second factor, at sign-in (a session waiting for it) or as a step-up (a signed-in session about to
 * do something sensitive). Wrong answers count against the sign-in throttle as wrong passwords do; every
 * outcome is audited; a used recovery code is spent, and its owner told.
 */
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { recordAudit } from "../../audit/record";
import { db } from "../../db";
import { InvalidInput, TooManyAttempts } from "../../errors";
import type { RequestContext } from "../../http/request-context";
import { notify } from "../../notifications/notify";
import type { CurrentUser } from "../sessions";
import { markSecondFactorProved } from "../step-up";
import { releaseSignInAttempt, reserveSignInAttempt } from "../throttle";
import { useRecoveryCode, useTotpCode, type FactorChange } from "./factors";
import { secondFactorChanged } from "./notices";
import { usePasskey } from "./passkeys";

export type SecondFactorProof =
  | { method: "totp"; code: string }
  | { method: "recovery"; code: string }
  | { method: "passkey"; response: AuthenticationResponseJSON };

export type ProofPurpose = "sign-in" | "step-up";

const WRONG: Record<SecondFactorProof["method"], string> = {
  totp: "That code is not right, or was already used. Enter the current code from your app.",
  recovery: "That recovery code is not right, or was already used.",
  passkey: "The passkey was not accepted. Try again, or use another way.",
};

/** Checks the proof for `user`'s session; on success the session is fully signed in and counts as just proved. */
export async function proveSecondFactor(user: CurrentUser, proof: SecondFactorProof, purpose: ProofPurpose, context: RequestContext): Promise<FactorChange> {
  const who = { email: user.email, ip: context.ip };
  const retryAfter = await db.$transaction(async (tx) => {
    const wait = await reserveSignInAttempt(tx, who);
    if (wait !== null) await recordAudit(tx, { action: "USER_SIGN_IN_THROTTLED", actorId: user.id, context, details: { email: user.email, step: "second factor" } });
    return wait;
  });
  if (retryAfter !== null) throw new TooManyAttempts(retryAfter);

  const outcome = await db.$transaction(async (tx) => {
    const factorId =
      proof.method === "totp"
        ? await useTotpCode(tx, user.id, proof.code)
        : proof.method === "passkey"
          ? await usePasskey(tx, user, proof.response)
          : (await useRecoveryCode(tx, user.id, proof.code))
            ? "recovery-code"
            : null;
    if (!factorId) {
      await recordAudit(tx, { action: "SECOND_FACTOR_FAILED", actorId: user.id, target: { type: "Session", id: user.sessionId }, context, details: { method: proof.method, purpose } });
      return null;
    }
    await releaseSignInAttempt(tx, who);
    await tx.session.update({ where: { id: user.sessionId }, data: { secondFactorPending: false } });
    await markSecondFactorProved(tx, user.sessionId);
    await recordAudit(tx, { action: "SECOND_FACTOR_VERIFIED", actorId: user.id, target: { type: "Session", id: user.sessionId }, context, details: { method: proof.method, purpose } });
    if (proof.method !== "recovery") return { outboxIds: [] };
    const left = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
    await recordAudit(tx, { action: "RECOVERY_CODE_USED", actorId: user.id, target: { type: "User", id: user.id }, context, details: { left } });
    const what = `A recovery code was used to sign in (${left} left)`;
    return { outboxIds: await notify(tx, secondFactorChanged(user.id, { what, eventId: `recovery-used:${user.sessionId}:${left}` })) };
  });
  if (!outcome) throw new InvalidInput(WRONG[proof.method], proof.method === "passkey" ? {} : { code: "Wrong code." });
  return outcome;
}
