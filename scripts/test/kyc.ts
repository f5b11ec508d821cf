import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { reloadEnv } from "../../lib/env";

/** Points KYC_STORAGE_DIR at a fresh directory for this test file, removed afterwards; returns its path. */
export function temporaryKycStorage(): { readonly path: string } {
  const storage = { path: "" };
  beforeAll(async () => {
    storage.path = await mkdtemp(path.join(tmpdir(), "kyc-"));
    process.env.KYC_STORAGE_DIR = storage.path;
    reloadEnv();
  });
  afterAll(() => rm(storage.path, { recursive: true, force: true }));
  return storage;
}
