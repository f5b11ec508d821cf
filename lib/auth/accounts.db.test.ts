import { describe, expect, it } from "vitest";
import { browser, TEST_PASSWORD, uniqueEmail } from "../../scripts/test/factories";
import { db } from "../db";
import { InvalidInput } from "../errors";
import { signUp } from "./accounts";
import { verifyPassword } from "./password";

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInput);
  return (error as InvalidInput).fields;
}

describe("signUp", () => {
  it("creates an investor with a hashed password and audits it in the same breath", async () => {
    const email = uniqueEmail();
    const account = await signUp({ name: "  Grace Hopper ", email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD }, browser());

    expect(account).toMatchObject({ name: "Grace Hopper", email, role: "INVESTOR" });
    const stored = await db.user.findUniqueOrThrow({ where: { id: account.id } });
    expect(stored.passwordHash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(stored.passwordHash, TEST_PASSWORD)).toBe(true);

    const audit = await db.auditLog.findMany({ where: { targetId: account.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "USER_SIGNED_UP",
      actorId: account.id,
      targetType: "User",
      ip: "203.0.113.10",
      userAgent: "vitest",
    });
  });

  it("refuses names that hide direction or zero-width characters, and stores names composed (NFC)", async () => {
    const before = await db.user.count();
    for (const name of ["Admin\u202E", "Ad\u200Bmin", "\u2066Ada Admin\u2069", "Ada\u200EAdmin", "Ada\u0000"]) {
      expect(await fieldErrorsOf(signUp({ name, email: uniqueEmail(), password: TEST_PASSWORD }, browser()))).toEqual({
        name: "Use visible characters only: no control, direction or zero-width characters.",
      });
    }
    expect(await db.user.count()).toBe(before);

    const account = await signUp({ name: "Zoe\u0308\u00A0\u00A0 Lee", email: uniqueEmail(), password: TEST_PASSWORD }, browser());
    expect((await db.user.findUniqueOrThrow({ where: { id: account.id } })).name).toBe("Zo\u00EB Lee");
  });

  it("says what is wrong with each field and writes nothing", async () => {
    const before = { users: await db.user.count(), audit: await db.auditLog.count() };
    expect(await fieldErrorsOf(signUp({ name: "", email: "not-an-email", password: "short" }, browser()))).toEqual({
      name: "Enter your name.",
      email: "Enter a valid email address, like name@example.com.",
      password: "Use at least 12 characters.",
    });
    expect((await fieldErrorsOf(signUp({ name: "A", email: uniqueEmail(), password: "qwertyuiop123" }, browser()))).password).toMatch(
      /too common/,
    );
    expect(await fieldErrorsOf(signUp("not even an object", browser()))).toEqual({ form: "Send the account details." });
    expect({ users: await db.user.count(), audit: await db.auditLog.count() }).toEqual(before);
  });

  it("refuses an email that is already registered, in any case, and writes nothing", async () => {
    const email = uniqueEmail();
    await signUp({ name: "First", email, password: TEST_PASSWORD }, browser());
    const before = await db.auditLog.count();
    expect(await fieldErrorsOf(signUp({ name: "Second", email: email.toUpperCase(), password: TEST_PASSWORD }, browser()))).toEqual({
      email: "An account with this email already exists. Sign in instead.",
    });
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await db.auditLog.count()).toBe(before);
  });

  it("lets exactly one of ten simultaneous sign-ups with one email through", async () => {
    const email = uniqueEmail();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => signUp({ name: `Racer ${i}`, email, password: TEST_PASSWORD }, browser())),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toBeInstanceOf(InvalidInput);
    }
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await db.auditLog.count({ where: { targetId: user.id } })).toBe(1);
  });

  it("is backed by the database: emails are stored normalised or not at all", async () => {
    await expect(
      db.user.create({ data: { email: "Mixed.Case@Example.com", name: "x", passwordHash: "x" } }),
    ).rejects.toThrow(/User_email_normalised/);
  });
});
