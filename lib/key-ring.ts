/**
 * Key rings from the environment: `id:base64-32-bytes,id:base64-32-bytes`, newest first. The newest key makes
 * everything new (seals identity data, seals the audit chain); every key in the ring still opens or checks
 * what it made, so a key rotates by adding a new one in front. Used by KYC_ENCRYPTION_KEYS and AUDIT_CHAIN_KEYS.
 */

export interface KeyRing {
  /** Makes everything new. */
  current: { id: string; key: Buffer };
  /** Every key that may open or check a value, by id (the current one included). */
  byId: Map<string, Buffer>;
}

export class InvalidKeyRing extends Error {
  override name = "InvalidKeyRing";
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Parses `id:base64key,id:base64key` (newest first); every key must be exactly 32 bytes and every id unique. */
export function parseKeyRing(value: string): KeyRing {
  const entries = value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const separator = part.indexOf(":");
      const id = part.slice(0, separator);
      const key = Buffer.from(part.slice(separator + 1), "base64");
      if (separator < 1 || !KEY_ID.test(id)) throw new InvalidKeyRing(`a key needs an id of letters, digits, - or _ before ":" (got "${part.slice(0, 8)}…")`);
      if (key.length !== 32) throw new InvalidKeyRing(`key ${id} must be 32 bytes in base64 (it is ${key.length})`);
      return { id, key };
    });
  if (entries.length === 0) throw new InvalidKeyRing("no keys");
  const byId = new Map(entries.map((entry) => [entry.id, entry.key]));
  if (byId.size !== entries.length) throw new InvalidKeyRing("a key id appears twice");
  return { current: entries[0]!, byId };
}

/** The shortest repetition that makes up the whole key (its length when it repeats nothing). */
function periodOf(key: Buffer): number {
  for (let period = 1; period < key.length; period++) {
    if (key.subarray(period).equals(key.subarray(0, key.length - period))) return period;
  }
  return key.length;
}

/**
 * Why a 32-byte key is not random bytes, or null when it looks like them. The rule, documented in .env.example:
 * a key is refused when it has fewer than 16 distinct byte values, repeats a pattern of 16 bytes or less, or is
 * printable ASCII only (a password or a hex or base64 string pasted as the key). 32 random bytes have about 30
 * distinct values; the chance that they fail any of these is below 1 in 10^13.
 */
export function weaknessOf(key: Buffer): string | null {
  if (new Set(key).size < 16) return "it has fewer than 16 different byte values";
  if (periodOf(key) <= 16) return "it repeats a short pattern";
  if (key.every((byte) => byte >= 0x20 && byte <= 0x7e)) return "it is printable text, not random bytes";
  return null;
}
