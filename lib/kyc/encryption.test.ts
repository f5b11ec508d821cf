import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { reloadEnv } from "../env";
import { kycKeyRing } from "./keys";
import { InvalidKeyRing, parseKeyRing } from "../key-ring";
import { DEVELOPMENT_KYC_KEYS, maskDateOfBirth, maskTaxId, needsResealing, seal, unseal, UnsealFailed } from "./encryption";

const key = () => randomBytes(32).toString("base64");
const OWNER = "user:0193a1b2-0000-7000-8000-000000000001:taxId";

describe("identity field encryption", () => {
  it("seals a value that only opens for the same owner and field", () => {
    const ring = parseKeyRing(`k1:${key()}`);
    const sealed = seal(ring, "123-45-6789", OWNER);
    expect(sealed).toMatch(/^v1\.k1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(sealed).not.toContain("6789");
    expect(unseal(ring, sealed, OWNER)).toBe("123-45-6789");
    // The same value sealed twice looks different (a fresh IV each time).
    expect(seal(ring, "123-45-6789", OWNER)).not.toBe(sealed);
    // Copied to another investor, or to another field: refused.
    expect(() => unseal(ring, sealed, "user:someone-else:taxId")).toThrow(UnsealFailed);
    expect(() => unseal(ring, sealed, OWNER.replace("taxId", "dateOfBirth"))).toThrow(UnsealFailed);
  });

  it("refuses a value that was changed in any part", () => {
    const ring = parseKeyRing(`k1:${key()}`);
    const parts = seal(ring, "1990-04-01", OWNER).split(".");
    for (const index of [2, 3, 4]) {
      const changed = [...parts];
      const part = changed[index]!;
      changed[index] = (part[0] === "A" ? "B" : "A") + part.slice(1);
      expect(() => unseal(ring, changed.join("."), OWNER)).toThrow(UnsealFailed);
    }
    expect(() => unseal(ring, "123-45-6789", OWNER)).toThrow(UnsealFailed);
  });

  it("rotates: the newest key seals, older keys still open what they sealed, and say it needs resealing", () => {
    const old = `2025:${key()}`;
    const before = parseKeyRing(old);
    const sealedBefore = seal(before, "987-65-4321", OWNER);
    const after = parseKeyRing(`2026:${key()},${old}`);
    expect(unseal(after, sealedBefore, OWNER)).toBe("987-65-4321");
    expect(needsResealing(after, sealedBefore)).toBe(true);
    const resealed = seal(after, unseal(after, sealedBefore, OWNER), OWNER);
    expect(needsResealing(after, resealed)).toBe(false);
    // Once the old key is dropped, what it sealed no longer opens, and says why.
    expect(() => unseal(parseKeyRing(`2026:${key()}`), sealedBefore, OWNER)).toThrow(/key 2025, which is not configured/);
  });

  it("accepts only well-formed key rings", () => {
    expect(() => parseKeyRing("")).toThrow(InvalidKeyRing);
    expect(() => parseKeyRing(`k1:${randomBytes(16).toString("base64")}`)).toThrow(/must be 32 bytes/);
    expect(() => parseKeyRing(key())).toThrow(/needs an id/);
    const k = key();
    expect(() => parseKeyRing(`a:${k},a:${key()}`)).toThrow(/appears twice/);
    expect(parseKeyRing(DEVELOPMENT_KYC_KEYS).current.id).toBe("dev");
  });

  it("masks what advisors and investors see", () => {
    expect(maskTaxId("123-45-6789")).toBe("•••-••-6789");
    expect(maskTaxId("123456789")).toBe("•••-••-6789");
    expect(maskDateOfBirth("1990-04-01")).toBe("••/••/1990");
  });

  it("take their keys from the environment, and follow a change of it", () => {
    delete process.env.KYC_ENCRYPTION_KEYS;
    reloadEnv();
    expect(kycKeyRing().current.id).toBe("dev");
    process.env.KYC_ENCRYPTION_KEYS = `2026-11:${key()}`;
    reloadEnv();
    expect(kycKeyRing().current.id).toBe("2026-11");
    delete process.env.KYC_ENCRYPTION_KEYS;
    reloadEnv();
  });
});
