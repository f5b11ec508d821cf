import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browser, createUser, TEST_PASSWORD, uniqueEmail } from "../../scripts/test/factories";
import { db } from "../db";
import { reloadEnv } from "../env";
import { InvalidCredentials, TooManyAttempts } from "../errors";
import { developmentMailbox } from "../mail/mailbox";
import { deviceIdOfCookie, newDeviceId, signedDeviceCookie } from "./devices";
import { signIn } from "./sign-in";
import { endSession, userOfSession } from "./sessions";

let mailDir = "";
beforeAll(async () => {
  mailDir = await mkdtemp(path.join(tmpdir(), "mail-"));
  process.env.MAIL_DIR = mailDir;
});
afterAll(() => rm(mailDir, { recursive: true, force: true }));

beforeEach(() => {
  Object.assign(process.env, {
    SIGN_IN_FREE_ATTEMPTS_PER_IP: "20",
    SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT_AND_IP: "5",
    SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT: "20",
    SIGN_IN_DELAY_SECONDS: "30",
    SIGN_IN_MAX_DELAY_SECONDS: "900",
  });
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

});

describe("sign-in throttling", () => {
  it("lets the owner in from their known device while an attacker hammers the account from other addresses, and slows the attacker", async () => {
    const owner = await createUser("ADMIN");
    // The owner's browser: it signed in once before, so it carries a device cookie known to this account.
    const { deviceId: ownersDevice } = await signIn({ email: owner.email, password: TEST_PASSWORD }, browser("198.51.100.7"));

    // An attacker guesses from twelve addresses, three times each (within each address's own free guesses).
    const attempts = Array.from({ length: 12 }, (_, address) => Array.from({ length: 3 }, (_, i) => ({ address, i }))).flat();
    const outcomes = [];
    for (const { address, i } of attempts) {
      outcomes.push(await errorOf(signIn({ email: owner.email, password: `guess ${i}` }, browser(`192.0.2.${address}`))));
    }
    const checked = outcomes.filter((e) => e instanceof InvalidCredentials).length;
    const slowed = outcomes.filter((e) => e instanceof TooManyAttempts);
    // The account allows twenty guesses from browsers it does not know; after that, every such guess waits.
    expect(checked).toBe(20);
    expect(slowed).toHaveLength(attempts.length - 20);
    expect((slowed.at(-1) as Error).message).toMatch(/^Too many attempts\. Try again in \d+ (seconds?|minutes?)\.$/);

    // The owner, at home on their own browser, signs straight in: right now, not in 15 minutes.
    const signedIn = await signIn({ email: owner.email, password: TEST_PASSWORD }, browser("198.51.100.7"), ownersDevice);
    expect(await userOfSession(signedIn.sessionId)).toMatchObject({ id: owner.id, role: "ADMIN" });
    // And from their known browser at another address too (a phone on another network).
    expect((await signIn({ email: owner.email, password: TEST_PASSWORD }, browser("203.0.113.99"), ownersDevice)).id).toBe(owner.id);
  });

  it("slows guesses from one address at one account: five free, then a doubling wait, capped", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) {
      expect(await errorOf(signIn({ email: user.email, password: `guess ${i}` }, browser("198.51.100.1")))).toBeInstanceOf(InvalidCredentials);
    }
    const throttled = await errorOf(signIn({ email: user.email, password: TEST_PASSWORD }, browser("198.51.100.1")));
    expect(throttled).toBeInstanceOf(TooManyAttempts);
    expect((throttled as TooManyAttempts).retryAfterSeconds).toBeGreaterThan(25);
    expect((throttled as TooManyAttempts).retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(await db.auditLog.count({ where: { action: "USER_SIGN_IN_THROTTLED", details: { path: ["email"], equals: user.email } } })).toBe(1);

    // Once the wait is over, the next guess is checked, and the one after waits twice as long.
    const key = `account-ip:${user.email} 198.51.100.1`;
    await db.signInThrottle.update({ where: { key }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    expect(await errorOf(signIn({ email: user.email, password: "guess 6" }, browser("198.51.100.1")))).toBeInstanceOf(InvalidCredentials);
    expect((await errorOf(signIn({ email: user.email, password: "guess 7" }, browser("198.51.100.1"))) as TooManyAttempts).retryAfterSeconds).toBeGreaterThan(55);

    // However long it goes on, no wait is longer than the cap (15 minutes).
    await db.signInThrottle.update({ where: { key }, data: { attempts: 60, nextAttemptAt: new Date(Date.now() - 1000) } });
    await errorOf(signIn({ email: user.email, password: "guess 61" }, browser("198.51.100.1")));
    expect((await errorOf(signIn({ email: user.email, password: "guess 62" }, browser("198.51.100.1"))) as TooManyAttempts).retryAfterSeconds).toBeLessThanOrEqual(900);

    // Another address is not slowed by this one's guesses: the right password works there.
    expect((await signIn({ email: user.email, password: TEST_PASSWORD }, browser("198.51.100.2"))).id).toBe(user.id);
  });

  it("holds under twenty simultaneous guesses from one address: five passwords are checked", async () => {
    const user = await createUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => errorOf(signIn({ email: user.email, password: `guess ${i}` }, browser("192.0.2.77")))),
    );
    expect(results.filter((e) => e instanceof InvalidCredentials)).toHaveLength(5);
    expect(results.filter((e) => e instanceof TooManyAttempts)).toHaveLength(15);
    expect(await db.auditLog.count({ where: { action: "USER_SIGN_IN_FAILED", targetId: user.id } })).toBe(5);
  });

  it("slows one address guessing across many emails", async () => {
    const ip = "203.0.113.200";
    const outcomes = [];
    for (let i = 0; i < 21; i++) outcomes.push(await errorOf(signIn({ email: uniqueEmail(), password: "guess" }, browser(ip))));
    expect(outcomes.slice(0, 20).every((e) => e instanceof InvalidCredentials)).toBe(true);
    expect(outcomes[20]).toBeInstanceOf(TooManyAttempts);
  });

  it("starts an address's count at an account afresh after a successful sign-in", async () => {
    const user = await createUser();
    for (let i = 0; i < 4; i++) await errorOf(signIn({ email: user.email, password: "wrong" }, browser()));
    await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    for (let i = 0; i < 5; i++) {
      expect(await errorOf(signIn({ email: user.email, password: "wrong" }, browser()))).toBeInstanceOf(InvalidCredentials);
    }
  });
});

describe("devices", () => {
  it("emails the owner about a sign-in from a browser new to their account, not about their known ones", async () => {
    const user = await createUser();
    const first = await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    await signIn({ email: user.email, password: TEST_PASSWORD }, browser(), first.deviceId);
    expect(await newDeviceEmailsTo(user.email)).toHaveLength(0);

    const stranger = await signIn({ email: user.email, password: TEST_PASSWORD }, { ip: "192.0.2.44", userAgent: FIREFOX_ON_WINDOWS });
    expect(stranger.deviceId).not.toBe(first.deviceId);
    const [email] = await newDeviceEmailsTo(user.email);
    expect(email?.text).toContain("Device: Firefox on Windows");
    expect(email?.text).toContain("Address: 192.0.2.44");
    expect(email?.text).toMatch(/If this wasn't you, change your password now: http:\/\/\S+\/forgot-password/);
    expect(await db.auditLog.count({ where: { action: "USER_NEW_DEVICE_SIGNED_IN", actorId: user.id } })).toBe(1);
  });

  it("keeps only a hash of the device id, and takes only cookies it signed", async () => {
    const user = await createUser();
    const { deviceId } = await signIn({ email: user.email, password: TEST_PASSWORD }, browser());
    const [stored] = await db.knownDevice.findMany({ where: { userId: user.id } });
    expect(stored?.deviceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.deviceHash).not.toContain(deviceId);

    const cookie = signedDeviceCookie(deviceId);
    expect(deviceIdOfCookie(cookie)).toBe(deviceId);
    const forged = `${newDeviceId()}.${cookie.split(".")[1]}`;
    expect(deviceIdOfCookie(forged)).toBeNull();
    expect(deviceIdOfCookie(`${deviceId}.${"A".repeat(43)}`)).toBeNull();
    expect(deviceIdOfCookie("garbage")).toBeNull();
  });
});

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function newDeviceEmailsTo(address: string) {
  return (await developmentMailbox(500)).filter((mail) => mail.to === address && mail.subject === "New sign-in to your Autovest account");
}

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
