/**
 * Field encryption for identity data (tax id, date of birth): AES-256-GCM with a key from the environment.
 *
 * A sealed value is `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts), so it names the key that sealed it:
 * keys rotate by putting a new key first in KYC_ENCRYPTION_KEYS (it seals everything new) and keeping the old
 * ones after it (they still open what they sealed) until `needsResealing` finds nothing left. The
 * additional authenticated data binds a value to its owner and field: a tax id copied onto another investor's
 * row, or into the date-of-birth column, does not open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export interface KeyRing {
  /** Seals new values. */
  current: { id: string; key: Buffer };
  /** Every key that may open a value, by id (the current one included). */
  byId: Map<string, Buffer>;
}

export class InvalidKeyRing extends Error {
  override name = "InvalidKeyRing";
}

/** A sealed value that cannot be opened: tampered with, bound to another owner or field, or its key is gone. */
export class UnsealFailed extends Error {
  override name = "UnsealFailed";
}

const VERSION = "v1";
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** The development key: never accepted in production (see lib/env.ts). */
export const DEVELOPMENT_KYC_KEYS = `dev:${createHash("sha256").update("autovest-development-only-kyc-key").digest("base64")}`;

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

const b64 = (buffer: Buffer) => buffer.toString("base64url");

/** Seals `plaintext` for one owner's field (`context`, e.g. "user:<id>:taxId"). */
export function seal(ring: KeyRing, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, ring.current.id, b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join(".");
}

/** Opens a sealed value for the same `context` it was sealed for. */
export function unseal(ring: KeyRing, sealed: string, context: string): string {
  const [version, keyId, iv, ciphertext, tag, ...rest] = sealed.split(".");
  if (version !== VERSION || !keyId || !iv || ciphertext === undefined || !tag || rest.length) throw new UnsealFailed("not a sealed value");
  const key = ring.byId.get(keyId);
  if (!key) throw new UnsealFailed(`sealed with key ${keyId}, which is not configured`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new UnsealFailed("the value does not open with its key for this owner and field");
  }
}

/** Whether a value was sealed with an older key (rotation re-seals it with the current one). */
export function needsResealing(ring: KeyRing, sealed: string): boolean {
  return sealed.split(".")[1] !== ring.current.id;
}

/** A US tax id (SSN or ITIN) shown with only its last four digits: •••-••-6789. */
export function maskTaxId(taxId: string): string {
  const digits = taxId.replace(/\D/g, "");
  return `•••-••-${digits.slice(-4).padStart(4, "•")}`;
}

/** A date of birth (YYYY-MM-DD) shown with only its year: ••/••/1990. */
export function maskDateOfBirth(date: string): string {
  return `••/••/${date.slice(0, 4)}`;
}
