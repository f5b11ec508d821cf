import { beforeEach, describe, expect, it } from "vitest";
import { browser, createUser, TEST_PASSWORD, uniqueEmail } from "../../scripts/test/factories";
import { db } from "../db";
import { reloadEnv } from "../env";
import { InvalidCredentials, TooManyAttempts } from "../errors";
import { signIn } from "./sign-in";
import { endSession, userOfSession } from "./sessions";

beforeEach(() => {
  process.env.SIGN_IN_MAX_FAILURES_PER_EMAIL = "5";
  process.env.SIGN_IN_MAX_FAILURES_PER_IP = "20";
  process.env.SIGN_IN_WINDOW_MINUTES = "15";
  reloadEnv();
});

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe("signIn", () => {
  it("opens a session for the right password and audits the sign-in", async () => {
    const user = await createUser();
    const signedIn = await signIn({ email: ` ${user.email.toUpperCase()} `, password: TEST_PASSWORD }, browser());

    expect(signedIn).toMatchObject({ id: user.id, email: user.email, role: "INVESTOR" });
    expect(await userOfSession(signedIn.sessionId)).toMatchObject({ id: user.id, role: "INVESTOR" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "USER_SIGNED_IN", actorId: user.id } });
    expect(audit).toMatchObject({ targetType: "Session", targetId: signedIn.sessionId, ip: "203.0.113.10" });
  });

  it("says the same for a wrong password and an unknown email, and audits both", async () => {
    const user = await createUser();
    const wrongPassword = await errorOf(signIn({ email: user.email, password: "not the right one" }, browser()));
    const unknownEmail = await errorOf(signIn({ email: uniqueEmail(), password: TEST_PASSWORD }, browser()));
    for (const error of [wrongPassword, unknownEmail]) {
      expect(error).toBeInstanceOf(InvalidCredentials);
      expect((error as Error).message).toBe("Wrong email or password.");
    }
    const failures = await db.auditLog.findMany({ where: { action: "USER_SIGN_IN_FAILED" }, orderBy: { id: "asc" } });
    expect(failures.map((row) => (row.details as { reason: string }).reason)).toEqual(["wrong_password", "unknown_email"]);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses missing or non-string credentials without a session", async () => {
    expect(await errorOf(signIn({}, browser()))).toBeInstanceOf(InvalidCredentials);
    expect(await errorOf(signIn({ email: ["a"], password: { $ne: "" } }, browser()))).toBeInstanceOf(InvalidCredentials);
  });

  it("stops a sixth guess at one email for the rest of the window, even with the right password", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) {
      expect(await errorOf(signIn({ email: user.email, password: `guess ${i}` }, browser(`198.51.100.${i}`)))).toBeInstanceOf(
        InvalidCredentials,
      );
    }
    const throttled = await errorOf(signIn({ email: user.email, password: TEST_PASSWORD }, browser("198.51.100.99")));
    expect(throttled).toBeInstanceOf(TooManyAttempts);
    expect((throttled as Error).message).toBe("Too many attempts. Try again in 15 minutes.");
    expect(await db.auditLog.count({ where: { action: "USER_SIGN_IN_THROTTLED" } })).toBe(1);

    // Once the window has passed, the right password works again.
    await db.signInThrottle.updateMany({ data: { windowStart: new Date(Date.now() - 16 * 60_000) } });
    expect((await signIn({ email: user.email, password: TEST_PASSWORD }, browser())).id).toBe(user.id);
  });

  it("holds the limit under twenty simultaneous guesses: at most five passwords are checked", async () => {
    const user = await createUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => errorOf(signIn({ email: user.email, password: `guess ${i}` }, browser(`192.0.2.${i}`)))),
    );
    expect(results.filter((e) => e instanceof InvalidCredentials)).toHaveLength(5);
    expect(results.filter((e) => e instanceof TooManyAttempts)).toHaveLength(15);
    expect(await db.auditLog.count({ where: { action: "USER_SIGN_IN_FAILED", targetId: user.id } })).toBe(5);
  });

  it("limits one address across many emails", async () => {
    const ip = "203.0.113.200";
    const outcomes = [];
    for (let i = 0; i < 21; i++) outcomes.push(await errorOf(signIn({ email: uniqueEmail(), password: "guess" }, browser(ip))));
    expect(outcomes.slice(0, 20).every((e) => e instanceof InvalidCredentials)).toBe(true);
    expect(outcomes[20]).toBeInstanceOf(TooManyAttempts);
  });

  it("starts the email's count afresh after a successful sign-in", async () => {
    const user = await createUser();
    for (let i = 0; i < 4; i++) await errorOf(signIn({ email: user.email, password: "wrong" }, browser()));
    await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    for (let i = 0; i < 5; i++) {
      expect(await errorOf(signIn({ email: user.email, password: "wrong" }, browser()))).toBeInstanceOf(InvalidCredentials);
    }
  });
});

describe("sessions", () => {
  it("end at sign-out: audited once, and the session no longer authenticates", async () => {
    const user = await createUser();
    const { sessionId } = await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    await endSession(sessionId, browser());
    await endSession(sessionId, browser()); // a second sign-out changes nothing
    expect(await userOfSession(sessionId)).toBeNull();
    expect(await db.auditLog.count({ where: { action: "USER_SIGNED_OUT", targetId: sessionId } })).toBe(1);
  });

  it("report the user's current role, not the one they signed in with", async () => {
    const user = await createUser("ADVISOR");
    const { sessionId } = await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    await db.user.update({ where: { id: user.id }, data: { role: "INVESTOR" } });
    expect((await userOfSession(sessionId))?.role).toBe("INVESTOR");
  });

  it("expire", async () => {
    const user = await createUser();
    const { sessionId } = await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    await db.session.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await userOfSession(sessionId)).toBeNull();
  });

  it("are not found for a session id that is not one (a forged token's), without a database error", async () => {
    expect(await userOfSession("not-a-session")).toBeNull();
    expect(await userOfSession("")).toBeNull();
  });
});
