/**
 * Identity documents: a PDF, JPEG or PNG of at most 10 MB, its type read from its first bytes (never from its
 * name or the browser's say-so), stored outside the web root under KYC_STORAGE_DIR with a random name, and
 * read back only through code that has checked who is asking.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { InvalidInput, NotFound, TooLarge } from "../errors";

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
}

/** Writes the document under `directory` (written to a temporary name first, so a crash leaves no half file). */
export async function storeDocument(directory: string, content: Uint8Array): Promise<StoredDocument> {
  const type = checkDocument(content);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const storageKey = randomUUID();
  const target = path.join(directory, storageKey);
  await writeFile(`${target}.partial`, content, { mode: 0o600, flag: "wx" });
  await rename(`${target}.partial`, target);
  return { storageKey, type, size: content.length, sha256: createHash("sha256").update(content).digest("hex") };
}

/** Deletes a stored document that nothing refers to (its submission was refused after it was written). */
export async function discardDocument(directory: string, storageKey: string): Promise<void> {
  await rm(path.join(directory, storageKey), { force: true });
}

/** Reads a stored document back by its key (a UUID; anything else is refused, so no path can be smuggled in). */
export async function readDocument(directory: string, storageKey: string): Promise<Buffer> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(storageKey)) throw new NotFound("No such document.");
  return readFile(path.join(directory, storageKey));
}
