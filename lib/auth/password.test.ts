import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

describe("passwordProblem", () => {
  it("accepts a long passphrase", () => {
    expect(passwordProblem("a quiet harbour at dawn")).toBeNull();
  });

  it("refuses fewer than 12 characters, counting exactly", () => {
    expect(passwordProblem("elevenchars")).toBe("Use at least 12 characters.");
    expect(passwordProblem("twelve chars")).toBeNull();
  });

  it("refuses passwords from the common list, whatever their case", () => {
    expect(passwordProblem("qwertyuiop123")).toMatch(/too common/);
    expect(passwordProblem("1QAZ2WSX3EDC")).toMatch(/too common/);
  });

  it("refuses a common word dressed up with digits and symbols", () => {
    expect(passwordProblem("Password1234!")).toMatch(/too common/);
    expect(passwordProblem("2024!!sunshine")).toMatch(/too common/);
  });

  it("refuses one or two characters repeated", () => {
    expect(passwordProblem("aaaaaaaaaaaaaa")).toMatch(/too common/);
    expect(passwordProblem("abababababab")).toMatch(/too common/);
  });

  it("refuses a password built on the account's email name", () => {
    expect(passwordProblem("grace.hopper-rocks-2026", "grace.hopper@example.com")).toBe(
      "Do not use your email address in your password.",
    );
    expect(passwordProblem("a quiet harbour at dawn", "grace.hopper@example.com")).toBeNull();
  });

  it("refuses absurdly long input", () => {
    expect(passwordProblem("x".repeat(257))).toBe("Use at most 256 characters.");
  });
});

describe("password hashing", () => {
  it("stores argon2id hashes that verify only the same password", async () => {
    const hash = await hashPassword("a quiet harbour at dawn");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "a quiet harbour at dawn")).toBe(true);
    expect(await verifyPassword(hash, "a quiet harbour at dusk")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });
});
