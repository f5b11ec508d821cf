import { randomBytes } from "node:crypto";
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidInput, NotFound, TooLarge } from "../errors";
import { parseKeyRing } from "../key-ring";
import { checkDocument, MAX_DOCUMENT_BYTES, readDocument, resealDocument, sniffDocumentType, storeDocument } from "./documents";
import { UnsealFailed } from "./encryption";

const bytes = (...values: number[]) => Uint8Array.from(values);
const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n");
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d);

const directory = await mkdtemp(path.join(tmpdir(), "kyc-documents-"));
afterAll(() => rm(directory, { recursive: true, force: true }));

describe("identity documents", () => {
  it("are recognised by their first bytes, not their names", () => {
    expect(sniffDocumentType(PDF)).toBe("application/pdf");
    expect(sniffDocumentType(JPEG)).toBe("image/jpeg");
    expect(sniffDocumentType(PNG)).toBe("image/png");
    // A script renamed passport.pdf, a GIF, a truncated PNG signature, nothing at all.
    expect(sniffDocumentType(new TextEncoder().encode("#!/bin/sh\nrm -rf /"))).toBeNull();
    expect(sniffDocumentType(new TextEncoder().encode("GIF89a"))).toBeNull();
    expect(sniffDocumentType(PNG.slice(0, 4))).toBeNull();
    expect(sniffDocumentType(new Uint8Array())).toBeNull();
  });

  it("refuse the wrong type, an empty file and anything over 10 MB, saying which", () => {
    expect(() => checkDocument(new TextEncoder().encode("<html>"))).toThrow(InvalidInput);
    expect(() => checkDocument(new TextEncoder().encode("<html>"))).toThrow(/PDF, JPEG or PNG/);
    expect(() => checkDocument(new Uint8Array())).toThrow(/Choose a file/);
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    big.set(PDF);
    expect(() => checkDocument(big)).toThrow(TooLarge);
    const limit = new Uint8Array(MAX_DOCUMENT_BYTES);
    limit.set(PDF);
    expect(checkDocument(limit)).toBe("application/pdf");
  });

  it("are stored under a random name readable only by the app, and read back by that name only", async () => {
    const stored = await storeDocument(directory, PNG);
    expect(stored).toMatchObject({ type: "image/png", size: PNG.length });
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readdir(directory)).toEqual([stored.storageKey]);
    expect((await stat(path.join(directory, stored.storageKey))).mode & 0o777).toBe(0o600);
    expect(new Uint8Array(await readDocument(directory, stored.storageKey))).toEqual(PNG);
    await expect(readDocument(directory, "../../etc/passwd")).rejects.toBeInstanceOf(NotFound);
    await expect(storeDocument(directory, new TextEncoder().encode("not a document"))).rejects.toBeInstanceOf(InvalidInput);
    expect(await readdir(directory)).toHaveLength(1); // nothing written for the refused one
  });

  const key = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

  it("are sealed on disk with the newest key, bound to their own name", async () => {
    const ring = parseKeyRing(key("2026"));
    const stored = await storeDocument(directory, PDF, ring);
    expect(stored.keyId).toBe("2026");
    const file = await readFile(path.join(directory, stored.storageKey));
    expect(file.includes(Buffer.from("%PDF"))).toBe(false);
    expect(new Uint8Array(await readDocument(directory, stored.storageKey, ring))).toEqual(PDF);
    // Another document's file put under this one's name does not open as it.
    const other = await storeDocument(directory, PNG, ring);
    await copyFile(path.join(directory, other.storageKey), path.join(directory, stored.storageKey));
    await expect(readDocument(directory, stored.storageKey, ring)).rejects.toBeInstanceOf(UnsealFailed);
  });

  it("are re-sealed with the newest key whole, once; a file stored before encryption is sealed too", async () => {
    const old = key("2025");
    const before = parseKeyRing(old);
    const stored = await storeDocument(directory, JPEG, before);
    const fresh = key("2026");
    const after = parseKeyRing(`${fresh},${old}`);
    expect(await resealDocument(directory, stored.storageKey, after)).toBe("resealed");
    expect(await resealDocument(directory, stored.storageKey, after)).toBe("current"); // nothing written twice
    expect(new Uint8Array(await readDocument(directory, stored.storageKey, parseKeyRing(fresh)))).toEqual(JPEG); // the old key is no longer needed
    expect((await readdir(directory)).filter((name) => name.endsWith(".partial"))).toEqual([]);

    const plain = "0b9a4a57-8f4e-4a52-9b4e-5d0c7c1e2f30";
    await writeFile(path.join(directory, plain), PNG, { mode: 0o600 });
    expect(new Uint8Array(await readDocument(directory, plain, after))).toEqual(PNG);
    expect(await resealDocument(directory, plain, after)).toBe("resealed");
    expect((await readFile(path.join(directory, plain))).includes(Buffer.from("PNG"))).toBe(false);
    expect(await resealDocument(directory, "6c1f7a0e-0000-4000-8000-000000000000", after)).toBe("missing");
  });
});

