/**
 * Identity documents: a PDF, JPEG or PNG of at most 10 MB, its type read from its first bytes (never from its
 * name or the browser's say-so), sealed with the newest KYC key (lib/kyc/encryption.ts) and stored outside
 * the web root under KYC_STORAGE_DIR with a random name, and read back only through code that has checked who
 * is asking. Files are written whole or not at all (a temporary file, fsync, rename).
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { InvalidInput, NotFound, TooLarge } from "../errors";
import type { KeyRing } from "../key-ring";
import { documentKeyIdOf, openDocument, sealDocument, UnsealFailed } from "./encryption";
import { kycKeyRing } from "./keys";

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type DocumentType = "application/pdf" | "image/jpeg" | "image/png";

const SIGNATURES: { type: DocumentType; bytes: number[] }[] = [
  { type: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The document's type from its content, or null when it is none of the accepted ones. */
export function sniffDocumentType(content: Uint8Array): DocumentType | null {
  return SIGNATURES.find(({ bytes }) => content.length >= bytes.length && bytes.every((byte, i) => content[i] === byte))?.type ?? null;
}

/** Checks an upload; the error says what was wrong in words for the person uploading it. */
export function checkDocument(content: Uint8Array): DocumentType {
  const refuse = (message: string) => new InvalidInput(message, { document: message });
  if (content.length === 0) throw refuse("Choose a file to upload.");
  if (content.length > MAX_DOCUMENT_BYTES) throw new TooLarge("The file is larger than 10 MB.");
  const type = sniffDocumentType(content);
  if (!type) throw refuse("Upload a PDF, JPEG or PNG file (this one is not, whatever its name says).");
  return type;
}

export interface StoredDocument {
  /** The file's name under the storage directory: random, never derived from user input. */
  storageKey: string;
  type: DocumentType;
  size: number;
  sha256: string;
  /** The key the file is sealed with. */
  keyId: string;
}

/** What a document file is sealed for: its own name, so a file moved under another's name does not open. */
const documentContext = (storageKey: string) => `document:${storageKey}`;

const STORAGE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Writes `content` as `target`, whole or not at all: to a temporary file of its own (two writers never share
 * one), flushed to disk, renamed over the target, and the directory flushed so the rename survives a crash.
 */
async function writeWhole(target: string, content: Uint8Array): Promise<void> {
  const temporary = `${target}.${randomUUID()}.partial`;
  try {
    const file = await open(temporary, "wx", 0o600);
    try {
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const directory = await open(path.dirname(target), "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** Seals the document with the newest key and writes it under `directory`. */
export async function storeDocument(directory: string, content: Uint8Array, ring: KeyRing = kycKeyRing()): Promise<StoredDocument> {
  const type = checkDocument(content);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const storageKey = randomUUID();
  await writeWhole(path.join(directory, storageKey), sealDocument(ring, content, documentContext(storageKey)));
  return { storageKey, type, size: content.length, sha256: createHash("sha256").update(content).digest("hex"), keyId: ring.current.id };
}

/** Deletes a stored document that nothing refers to (its submission was refused after it was written). */
export async function discardDocument(directory: string, storageKey: string): Promise<void> {
  await rm(path.join(directory, storageKey), { force: true });
}

/** The document in a file as stored: sealed (opened with its key), or stored before documents were encrypted. */
function contentOf(file: Buffer, storageKey: string, ring: KeyRing): Buffer {
  if (documentKeyIdOf(file) !== null) return openDocument(ring, file, documentContext(storageKey));
  if (!sniffDocumentType(file)) throw new UnsealFailed("the file is neither a sealed document nor a document");
  return file;
}

/** Reads a stored document back by its key (a UUID; anything else is refused, so no path can be smuggled in). */
export async function readDocument(directory: string, storageKey: string, ring: KeyRing = kycKeyRing()): Promise<Buffer> {
  if (!STORAGE_KEY.test(storageKey)) throw new NotFound("No such document.");
  return contentOf(await readFile(path.join(directory, storageKey)), storageKey, ring);
}

/**
 * Seals a stored document with the newest key, replacing its file whole: "resealed", "current" when it
 * already was (a retry after the file was replaced: nothing is written twice), or "missing" when there is no
 * such file. Throws UnsealFailed when the file does not open (its key is no longer configured, or it was
 * changed).
 */
export async function resealDocument(directory: string, storageKey: string, ring: KeyRing): Promise<"resealed" | "current" | "missing"> {
  if (!STORAGE_KEY.test(storageKey)) return "missing";
  const target = path.join(directory, storageKey);
  let file: Buffer;
  try {
    file = await readFile(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  if (documentKeyIdOf(file) === ring.current.id) return "current";
  await writeWhole(target, sealDocument(ring, contentOf(file, storageKey, ring), documentContext(storageKey)));
  return "resealed";
}
