import { describe, expect, it } from "vitest";
import { acceptedTotpStep, totpCodeAt } from "./totp";

// RFC 6238 appendix B: the SHA-1 key is the ASCII "12345678901234567890". Its 8-digit codes are given there; a
// 6-digit code is the same truncated number modulo 10^6, i.e. the last six digits.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const at = (seconds: number) => new Date(seconds * 1000);

describe("authenticator-app codes (RFC 6238)", () => {
  it("are the RFC's test vectors, six digits", () => {
    expect(totpCodeAt(RFC_SECRET, at(59))).toBe("287082"); // 94287082
    expect(totpCodeAt(RFC_SECRET, at(1111111109))).toBe("081804"); // 07081804
    expect(totpCodeAt(RFC_SECRET, at(1111111111))).toBe("050471"); // 14050471
    expect(totpCodeAt(RFC_SECRET, at(1234567890))).toBe("005924"); // 89005924
    expect(totpCodeAt(RFC_SECRET, at(2000000000))).toBe("279037"); // 69279037
  });

  it("are accepted for their own 30-second step and one step either side, never further", () => {
    // 287082 is step 1 (30–59 s).
    expect(acceptedTotpStep(RFC_SECRET, "287082", at(59), null)).toBe(1n);
    expect(acceptedTotpStep(RFC_SECRET, "287082", at(30), null)).toBe(1n);
    expect(acceptedTotpStep(RFC_SECRET, "287082", at(89), null)).toBe(1n); // a step late
    expect(acceptedTotpStep(RFC_SECRET, "287082", at(0), null)).toBe(1n); // a step early
    expect(acceptedTotpStep(RFC_SECRET, "287082", at(90), null)).toBeNull(); // two steps late
    // 050471 is step 37037037 (1111111110–1111111139 s); at 1111111109 s it is the next step's code.
    expect(acceptedTotpStep(RFC_SECRET, "050471", at(1111111109), null)).toBe(37037037n);
  });

  it("are never accepted twice: only a step later than the last accepted one counts", () => {
    expect(acceptedTotpStep(RFC_SECRET, "287082", at(59), 1n)).toBeNull();
    expect(acceptedTotpStep(RFC_SECRET, "287082", at(59), 2n)).toBeNull();
    // The next step's code after step 1 was used: accepted.
    expect(acceptedTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, at(60)), at(61), 1n)).toBe(2n);
  });

  it("refuse what is not six digits, and the wrong code", () => {
    expect(acceptedTotpStep(RFC_SECRET, " 287 082 ", at(59), null)).toBe(1n);
    expect(acceptedTotpStep(RFC_SECRET, "28708", at(59), null)).toBeNull();
    expect(acceptedTotpStep(RFC_SECRET, "94287082", at(59), null)).toBeNull();
    expect(acceptedTotpStep(RFC_SECRET, "287083", at(59), null)).toBeNull();
    expect(acceptedTotpStep(RFC_SECRET, "abcdef", at(59), null)).toBeNull();
  });
});
