import { describe, expect, it } from "vitest";
import { newRecoveryCodes, recoveryCodeHash } from "./recovery-codes";
import { signCountAcceptable } from "./passkeys";

describe("recovery codes", () => {
  it("are ten different codes of two groups of five unambiguous characters", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/);
  });

  it("are matched whatever the case, spaces or dashes typed, and only by the same code", () => {
    const hash = recoveryCodeHash("abcde-fghjk");
    expect(recoveryCodeHash("ABCDE FGHJK")).toBe(hash);
    expect(recoveryCodeHash("abcdefghjk")).toBe(hash);
    expect(recoveryCodeHash("abcde-fghjm")).not.toBe(hash);
    expect(hash).not.toContain("abcde");
  });
});

describe("a passkey's signature counter", () => {
  it("must move forward, or stay at zero for an authenticator that keeps none", () => {
    expect(signCountAcceptable(0n, 0)).toBe(true);
    expect(signCountAcceptable(0n, 1)).toBe(true);
    expect(signCountAcceptable(5n, 6)).toBe(true);
    expect(signCountAcceptable(5n, 5)).toBe(false); // replayed
    expect(signCountAcceptable(5n, 3)).toBe(false); // a clone behind the original
    expect(signCountAcceptable(5n, 0)).toBe(false);
  });
});
