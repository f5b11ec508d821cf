import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidInput, NotFound, TooLarge } from "../errors";
import { checkDocument, MAX_DOCUMENT_BYTES, readDocument, sniffDocumentType, storeDocument } from "./documents";

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
});
