import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser, TEST_PASSWORD, uniqueEmail } from "../../scripts/test/factories";
import { db } from "../db";
import { reloadEnv } from "../env";
import { EmailNotVerified, InvalidCredentials, InvalidInput, InvalidLink, TooManyAttempts } from "../errors";
import { developmentMailbox } from "../mail/mailbox";
import { requestDeposit } from "../payments/deposits";
import { listSessions, revokeSession, signOutEverywhere } from "./account-sessions";
import { signUp } from "./accounts";
import { confirmEmailChange, reportEmailChange, requestEmailChange } from "./change-email";
import { changePassword } from "./change-password";
import { hashOfToken } from "./email-tokens";
import { assertEmailVerified, verifyEmail } from "./email-verification";
import { requestPasswordReset, resetPassword, RESET_REQUESTED } from "./password-reset";
import { userOfSession } from "./sessions";
import { signIn } from "./sign-in";

let mailDir = "";
beforeAll(async () => {
  mailDir = await mkdtemp(path.join(tmpdir(), "mail-"));
  process.env.MAIL_DIR = mailDir;
  reloadEnv();
});
afterAll(() => rm(mailDir, { recursive: true, force: true }));

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

/** The token in the newest email to `to` with this subject (as the recipient would click it). */
async function tokenInEmail(to: string, subject: string): Promise<string> {
  const email = (await developmentMailbox(500)).find((mail) => mail.to === to && mail.subject === subject);
  const token = /\?token=([\w-]+)/.exec(email?.text ?? "")?.[1];
  if (!token) throw new Error(`no "${subject}" email with a link to ${to}`);
  return decodeURIComponent(token);
}

describe("forgotten password", () => {
  it("sends a single-use link, stored only hashed, that sets a new password and ends every session", async () => {
    const user = await createUser();
    const { sessionId } = await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    expect(await requestPasswordReset({ email: user.email.toUpperCase() }, browser())).toBe(RESET_REQUESTED);
    const token = await tokenInEmail(user.email, "Choose a new Autovest password");

    const [stored] = await db.emailToken.findMany({ where: { userId: user.id, purpose: "PASSWORD_RESET" } });
    expect(stored?.tokenHash).toBe(hashOfToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(30 * 60_000);

    await resetPassword({ token, password: "lanterns over the tidal flats" }, browser());
    expect(await userOfSession(sessionId)).toBeNull();
    expect(await errorOf(signIn({ email: user.email, password: TEST_PASSWORD }, browser()))).toBeInstanceOf(InvalidCredentials);
    expect((await signIn({ email: user.email, password: "lanterns over the tidal flats" }, browser())).id).toBe(user.id);
    expect(await db.auditLog.count({ where: { action: "USER_PASSWORD_RESET", actorId: user.id } })).toBe(1);
    expect((await developmentMailbox(500)).some((mail) => mail.to === user.email && mail.subject === "Your Autovest password was changed")).toBe(true);

    // Once used, the link is refused.
    expect(await errorOf(resetPassword({ token, password: "another long passphrase here" }, browser()))).toBeInstanceOf(InvalidLink);
  });

  it("refuses an expired link, a weak password (keeping the link), and only the newest link works", async () => {
    const user = await createUser();
    await requestPasswordReset({ email: user.email }, browser("198.51.100.61"));
    const first = await tokenInEmail(user.email, "Choose a new Autovest password");
    await requestPasswordReset({ email: user.email }, browser("198.51.100.61"));
    const second = await tokenInEmail(user.email, "Choose a new Autovest password");
    expect(second).not.toBe(first);
    expect(await errorOf(resetPassword({ token: first, password: "lanterns over the tidal flats" }, browser()))).toBeInstanceOf(InvalidLink);

    const weak = await errorOf(resetPassword({ token: second, password: "password1234" }, browser()));
    expect(weak).toBeInstanceOf(InvalidInput);
    expect((weak as InvalidInput).fields.password).toMatch(/too common/);

    await db.emailToken.updateMany({ where: { tokenHash: hashOfToken(second) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await errorOf(resetPassword({ token: second, password: "lanterns over the tidal flats" }, browser()))).toBeInstanceOf(InvalidLink);
    expect(await errorOf(resetPassword({ token: "made-up", password: "lanterns over the tidal flats" }, browser()))).toBeInstanceOf(InvalidLink);
  });

  it("answers the same for an unknown address, sending nothing, and slows repeated requests per email", async () => {
    const unknown = uniqueEmail();
    expect(await requestPasswordReset({ email: unknown }, browser("198.51.100.62"))).toBe(RESET_REQUESTED);
    expect((await developmentMailbox(500)).some((mail) => mail.to === unknown)).toBe(false);
    for (let i = 0; i < 2; i++) await requestPasswordReset({ email: unknown }, browser(`198.51.100.${63 + i}`));
    expect(await errorOf(requestPasswordReset({ email: unknown }, browser("198.51.100.70")))).toBeInstanceOf(TooManyAttempts);
  });
});

describe("changing the password", () => {
  it("needs the current password, checks the new one, ends every other session, and tells the owner", async () => {
    const user = await createUser();
    const here = await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    const elsewhere = await signIn({ email: user.email, password: TEST_PASSWORD }, browser("192.0.2.8"));
    const me = { ...user, sessionId: here.sessionId };

    const wrong = await errorOf(changePassword(me, { currentPassword: "not it", newPassword: "lanterns over the tidal flats" }, browser()));
    expect((wrong as InvalidInput).fields.currentPassword).toBe("That is not your current password.");
    const local = user.email.split("@")[0]!;
    const withEmail = await errorOf(changePassword(me, { currentPassword: TEST_PASSWORD, newPassword: `${local} is my password` }, browser()));
    expect((withEmail as InvalidInput).fields.newPassword).toBe("Do not use your email address in your password.");

    await changePassword(me, { currentPassword: TEST_PASSWORD, newPassword: "lanterns over the tidal flats" }, browser());
    expect(await userOfSession(here.sessionId)).not.toBeNull();
    expect(await userOfSession(elsewhere.sessionId)).toBeNull();
    expect(await db.auditLog.count({ where: { action: "USER_PASSWORD_CHANGED", actorId: user.id } })).toBe(1);
    expect((await developmentMailbox(500)).some((mail) => mail.to === user.email && mail.subject === "Your Autovest password was changed")).toBe(true);
  });
});

describe("email verification", () => {
  it("starts unverified at sign-up, holds deposits back, and is confirmed once by the emailed link", async () => {
    const email = uniqueEmail("signup");
    const account = (await signUp({ name: "Val Verify", email, password: TEST_PASSWORD }, browser()))!;
    expect(await errorOf(assertEmailVerified(account.id))).toBeInstanceOf(EmailNotVerified);

    const token = await tokenInEmail(email, "Confirm your email address for Autovest");
    expect(await verifyEmail(token, browser())).toBe(email);
    await assertEmailVerified(account.id);
    expect(await db.auditLog.count({ where: { action: "USER_EMAIL_VERIFIED", actorId: account.id } })).toBe(1);
    expect(await errorOf(verifyEmail(token, browser()))).toBeInstanceOf(InvalidLink);
  });
});

describe("deposits", () => {
  it("are refused, with what to do, until the investor has confirmed their address", async () => {
    const { user } = await createInvestor({ verified: true });
    await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: null } });
    const refused = await errorOf(requestDeposit(user, { amount: "500", method: "CARD", requestKey: randomUUID() }, browser()));
    expect(refused).toBeInstanceOf(EmailNotVerified);
    expect((refused as Error).message).toMatch(/^Confirm your email address first/);
    expect(await db.deposit.count({ where: { investmentAccount: { userId: user.id } } })).toBe(0);
  });
});

describe("changing the email address", () => {
  it("changes only when the new address confirms, and tells the old one", async () => {
    const user = await createUser();
    const newEmail = uniqueEmail("moved");
    expect(await errorOf(requestEmailChange(user, { newEmail, currentPassword: "not it" }, browser()))).toBeInstanceOf(InvalidInput);
    await requestEmailChange(user, { newEmail, currentPassword: TEST_PASSWORD }, browser());
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
    expect((await developmentMailbox(500)).some((mail) => mail.to === user.email && mail.subject === "Your Autovest email address is being changed")).toBe(true);

    await confirmEmailChange(await tokenInEmail(newEmail, "Confirm your new Autovest email address"), browser());
    const changed = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(changed.email).toBe(newEmail);
    expect(changed.emailVerifiedAt).not.toBeNull();
    expect(await db.auditLog.count({ where: { action: "USER_EMAIL_CHANGED", actorId: user.id } })).toBe(1);
    expect((await signIn({ email: newEmail, password: TEST_PASSWORD }, browser())).id).toBe(user.id);
  });

  it("'it wasn't me' from the old address cancels the change and signs every session out", async () => {
    const user = await createUser();
    const { sessionId } = await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    const newEmail = uniqueEmail("intruder");
    await requestEmailChange({ ...user, sessionId }, { newEmail, currentPassword: TEST_PASSWORD }, browser("192.0.2.66"));
    const confirm = await tokenInEmail(newEmail, "Confirm your new Autovest email address");

    expect(await reportEmailChange(await tokenInEmail(user.email, "Your Autovest email address is being changed"), browser())).toEqual({ changeCancelled: true });
    expect(await userOfSession(sessionId)).toBeNull();
    expect(await errorOf(confirmEmailChange(confirm, browser()))).toBeInstanceOf(InvalidLink);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });
});

describe("sessions", () => {
  it("lists the user's own live sessions with this one marked, ends one (only their own), or all", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const here = await signIn({ email: user.email, password: TEST_PASSWORD }, { ip: "198.51.100.5", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0" });
    const there = await signIn({ email: user.email, password: TEST_PASSWORD }, browser("192.0.2.9"));
    const theirs = await signIn({ email: stranger.email, password: TEST_PASSWORD }, browser());
    const me = { ...user, sessionId: here.sessionId };

    const listed = await listSessions(me);
    expect(listed.map((s) => [s.id, s.isCurrent])).toEqual([
      [here.sessionId, true],
      [there.sessionId, false],
    ]);
    expect(listed[0]).toMatchObject({ ip: "198.51.100.5", device: { browser: "Firefox", os: "Linux" } });

    expect(await errorOf(revokeSession(me, theirs.sessionId, browser()))).toBeTruthy();
    expect(await userOfSession(theirs.sessionId)).not.toBeNull();
    await revokeSession(me, there.sessionId, browser());
    expect(await userOfSession(there.sessionId)).toBeNull();

    await signOutEverywhere(me, browser());
    expect(await userOfSession(here.sessionId)).toBeNull();
    expect(await db.auditLog.count({ where: { action: { in: ["USER_SESSION_REVOKED", "USER_SIGNED_OUT_EVERYWHERE"] }, actorId: user.id } })).toBe(2);
  });
});
