/**
 * Encryption for identity data (tax id, date of birth, identity documents): AES-256-GCM with a key from the environment.
 *
 * A sealed value is `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts), so it names the key that sealed it:
 * keys rotate by putting a new key first in KYC_ENCRYPTION_KEYS (it seals everything new) and keeping the old
 * ones after it (they still open what they sealed) until `needsResealing` finds nothing left. The
 * additional authenticated data binds a value to its owner and field: a tax id copied onto another investor's
 * row, or into the date-of-birth column, does not open. Identity document files are sealed the same way, each
 * bound to its own file name (`sealDocument`); the re-sealing job (lib/kyc/resealing.ts) moves both to the newest key.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { KeyRing } from "../key-ring";

/** A sealed value that cannot be opened: tampered with, bound to another owner or field, or its key is gone. */
export class UnsealFailed extends Error {
  override name = "UnsealFailed";
}

const VERSION = "v1";

/** The development key: never accepted in production (see lib/env.ts). */
export const DEVELOPMENT_KYC_KEYS = `dev:${createHash("sha256").update("autovest-development-only-kyc-key").digest("base64")}`;

const b64 = (buffer: Buffer) => buffer.toString("base64url");

interface Sealed {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function encrypt(key: Buffer, plaintext: Buffer, context: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function decrypt(ring: KeyRing, keyId: string, sealed: Sealed, context: string, what: string): Buffer {
  const key = ring.byId.get(keyId);
  if (!key) throw new UnsealFailed(`sealed with key ${keyId}, which is not configured`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.iv);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw new UnsealFailed(`the ${what} does not open with its key for this owner and field`);
  }
}

/** Seals `plaintext` for one owner's field (`context`, e.g. "user:<id>:taxId"). */
export function seal(ring: KeyRing, plaintext: string, context: string): string {
  const { iv, ciphertext, tag } = encrypt(ring.current.key, Buffer.from(plaintext, "utf8"), context);
  return [VERSION, ring.current.id, b64(iv), b64(ciphertext), b64(tag)].join(".");
}

/** Opens a sealed value for the same `context` it was sealed for. */
export function unseal(ring: KeyRing, sealed: string, context: string): string {
  const [version, keyId, iv, ciphertext, tag, ...rest] = sealed.split(".");
  if (version !== VERSION || !keyId || !iv || ciphertext === undefined || !tag || rest.length) throw new UnsealFailed("not a sealed value");
  const parts = { iv: Buffer.from(iv, "base64url"), ciphertext: Buffer.from(ciphertext, "base64url"), tag: Buffer.from(tag, "base64url") };
  return decrypt(ring, keyId, parts, context, "value").toString("utf8");
}

/** The id of the key that sealed a value. */
export function keyIdOf(sealed: string): string | undefined {
  return sealed.split(".")[1];
}

/** Whether a value was sealed with an older key (rotation re-seals it with the current one). */
export function needsResealing(ring: KeyRing, sealed: string): boolean {
  return keyIdOf(sealed) !== ring.current.id;
}

/**
 * A sealed document file: "AVDOC" and a version byte (1), the key id's length (one byte) and the key id in
 * ASCII, the 12-byte IV, the 16-byte tag, then the ciphertext. The header names the key, so a file replaced
 * by a re-sealing that crashed before its database row was updated still opens.
 */
const DOCUMENT_MAGIC = Buffer.from("AVDOC\x01", "latin1");

/** Seals a document's bytes for its file (`context`, e.g. "document:<storage key>"). */
export function sealDocument(ring: KeyRing, content: Uint8Array, context: string): Buffer {
  const { iv, ciphertext, tag } = encrypt(ring.current.key, Buffer.from(content), context);
  const id = Buffer.from(ring.current.id, "ascii");
  return Buffer.concat([DOCUMENT_MAGIC, Buffer.from([id.length]), id, iv, tag, ciphertext]);
}

/** The key a document file was sealed with, or null when it is not sealed (stored before documents were encrypted). */
export function documentKeyIdOf(file: Buffer): string | null {
  if (file.length < DOCUMENT_MAGIC.length + 1 || !file.subarray(0, DOCUMENT_MAGIC.length).equals(DOCUMENT_MAGIC)) return null;
  const length = file[DOCUMENT_MAGIC.length]!;
  return file.subarray(DOCUMENT_MAGIC.length + 1, DOCUMENT_MAGIC.length + 1 + length).toString("ascii");
}

/** Opens a sealed document file for the same `context` it was sealed for. */
export function openDocument(ring: KeyRing, file: Buffer, context: string): Buffer {
  const keyId = documentKeyIdOf(file);
  if (keyId === null) throw new UnsealFailed("not a sealed document");
  const start = DOCUMENT_MAGIC.length + 1 + keyId.length;
  if (file.length < start + 28) throw new UnsealFailed("the document file is truncated");
  const parts = { iv: file.subarray(start, start + 12), tag: file.subarray(start + 12, start + 28), ciphertext: file.subarray(start + 28) };
  return decrypt(ring, keyId, parts, context, "document");
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
