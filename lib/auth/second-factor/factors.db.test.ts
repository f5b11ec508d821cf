import { describe, expect, it } from "vitest";
import { browser, createUser } from "../../../scripts/test/factories";
import { db } from "../../db";
import { InvalidInput, StepUpRequired } from "../../errors";
import type { CurrentUser } from "../sessions";
import { liveSession, openSession, userOfSession } from "../sessions";
import { requireStaffSecondFactor, requireStepUp } from "../step-up";
import { confirmTotpEnrolment, issueRecoveryCodes, securityOverview, startTotpEnrolment, useRecoveryCode, useTotpCode } from "./factors";
import { proveSecondFactor } from "./prove";
import { totpCodeAt, TOTP_PERIOD_SECONDS } from "./totp";

/** A user with a real session (so step-up and proofs have one to mark). */
async function userWithSession(role: CurrentUser["role"] = "INVESTOR", pending = false): Promise<CurrentUser> {
  const user = await createUser(role);
  const sessionId = await db.$transaction((tx) => openSession(tx, user.id, browser(), { secondFactorPending: pending }));
  return { ...user, sessionId };
}

/** Enrols an authenticator app for the user; returns its secret. */
async function withAuthenticatorApp(user: CurrentUser): Promise<string> {
  await startTotpEnrolment(user);
  const secret = (await securityOverview(user)).pendingTotp!.secret;
  await confirmTotpEnrolment(user, totpCodeAt(secret, new Date()), browser());
  return secret;
}

const nextStep = () => new Date((Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS) + 1) * TOTP_PERIOD_SECONDS * 1000);

describe("second factors", () => {
  it("an authenticator app's secret is sealed at rest, and a code works once", async () => {
    const user = await userWithSession();
    const secret = await withAuthenticatorApp(user);
    const [factor] = await db.secondFactor.findMany({ where: { userId: user.id } });
    expect(factor!.totpSecret).not.toContain(secret);
    expect(factor!.totpSecret).toMatch(/^v1\./);

    // The code used to enrol is spent; the next step's code works once.
    const at = nextStep();
    const code = totpCodeAt(secret, at);
    const used = await db.$transaction((tx) => useTotpCode(tx, user.id, code, at));
    expect(used).toBe(factor!.id);
    expect(await db.$transaction((tx) => useTotpCode(tx, user.id, code, at))).toBeNull();
  });

  it("each recovery code signs in once, for its owner only", async () => {
    const user = await userWithSession();
    const other = await userWithSession();
    await withAuthenticatorApp(user);
    const { codes } = await issueRecoveryCodes(user, browser());
    expect(await db.recoveryCode.count({ where: { userId: user.id, codeHash: { in: codes } } })).toBe(0);
    expect(await db.$transaction((tx) => useRecoveryCode(tx, other.id, codes[0]!))).toBe(false);
    expect(await db.$transaction((tx) => useRecoveryCode(tx, user.id, codes[0]!))).toBe(true);
    expect(await db.$transaction((tx) => useRecoveryCode(tx, user.id, codes[0]!))).toBe(false);
    expect((await securityOverview(user)).unusedRecoveryCodes).toBe(9);
    // New codes replace the old ones, used or not.
    await issueRecoveryCodes(user, browser());
    expect(await db.$transaction((tx) => useRecoveryCode(tx, user.id, codes[1]!))).toBe(false);
  });

  it("proving a factor ends a session's wait, and a wrong code is refused and audited", async () => {
    const owner = await userWithSession();
    await withAuthenticatorApp(owner);
    const { codes } = await issueRecoveryCodes(owner, browser());
    const signingIn = { ...owner, sessionId: await db.$transaction((tx) => openSession(tx, owner.id, browser(), { secondFactorPending: true })) };
    expect(await userOfSession(signingIn.sessionId)).toBeNull();

    await expect(proveSecondFactor(signingIn, { method: "recovery", code: "aaaaa-bbbbb" }, "sign-in", browser())).rejects.toBeInstanceOf(InvalidInput);
    expect((await liveSession(signingIn.sessionId))?.secondFactorPending).toBe(true);
    await proveSecondFactor(signingIn, { method: "recovery", code: codes[2]! }, "sign-in", browser());
    expect((await userOfSession(signingIn.sessionId))?.id).toBe(owner.id);
    await requireStepUp(signingIn);
    const actions = await db.auditLog.findMany({ where: { actorId: owner.id, action: { in: ["SECOND_FACTOR_FAILED", "SECOND_FACTOR_VERIFIED", "RECOVERY_CODE_USED"] } }, orderBy: { id: "asc" } });
    expect(actions.map((entry) => entry.action)).toEqual(["SECOND_FACTOR_FAILED", "SECOND_FACTOR_VERIFIED", "RECOVERY_CODE_USED"]);
  });

  it("step-up asks to enrol a user with no factor, and to confirm one whose session has not used it", async () => {
    const user = await userWithSession();
    await expect(requireStepUp(user)).rejects.toMatchObject({ reason: "enrol" });
    const other = { ...user, sessionId: await db.$transaction((tx) => openSession(tx, user.id, browser())) };
    await withAuthenticatorApp(user);
    await requireStepUp(user); // enrolling proved it in that session
    const refusal = await requireStepUp(other).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StepUpRequired);
    expect(refusal).toMatchObject({ reason: "confirm" });
  });
});

describe("staff work without a proved second factor", () => {
  const reasonOf = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: unknown) => (error instanceof StepUpRequired ? error.reason : error));

  it("is refused wherever it is asked (server actions and routes, not only /admin pages), and investors are not held to it", async () => {
    const advisor = await userWithSession("ADVISOR");
    expect(await reasonOf(requireStaffSecondFactor(advisor))).toBe("enrol");

    await withAuthenticatorApp(advisor); // setting one up proves it in this session
    expect(await reasonOf(requireStaffSecondFactor(advisor))).toBe("allowed");

    // Another session of the same advisor that has not used the factor (as a password-only session would be).
    const elsewhere = { ...advisor, sessionId: await db.$transaction((tx) => openSession(tx, advisor.id, browser())) };
    expect(await reasonOf(requireStaffSecondFactor(elsewhere))).toBe("confirm");

    const investor = await userWithSession("INVESTOR");
    expect(await reasonOf(requireStaffSecondFactor(investor))).toBe("allowed");
  });
});
