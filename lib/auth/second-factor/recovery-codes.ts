/**
 * Recovery codes: ten single-use codes of 10 characters from a 32-letter alphabet (50 random bits each), shown
 * once as `xxxxx-xxxxx`. Only their SHA-256 is stored: 50 bits each is far beyond guessing through a throttled
 * form, so a slow hash would add nothing but latency.
 */
import { createHash, randomInt } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
/** Crockford-like: no 0/o, 1/l/i, so a code copied by hand reads back right. */
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const letters = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${letters.slice(0, 5)}-${letters.slice(5)}`;
  });
}

/** The stored form of a code as typed: case, spaces and dashes do not matter. */
export function recoveryCodeHash(code: string): string {
  const normalised = code.toLowerCase().replace(/[\s-]/g, "");
  return createHash("sha256").update(`autovest-recovery:${normalised}`).digest("hex");
}
