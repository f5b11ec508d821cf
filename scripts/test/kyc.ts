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

/**
 * Records an approved identity check for an investor, as an advisor's approval would leave it (the document
 * key names no file): for tests of what approval unlocks (deposits, investing), not of the review itself.
 */
export async function approveKyc(userId: string, legalName = "Test Investor"): Promise<void> {
  const { db } = await import("../../lib/db");
  const { seal } = await import("../../lib/kyc/encryption");
  const { kycKeyRing } = await import("../../lib/kyc/keys");
  const ring = kycKeyRing();
  const now = new Date();
  await db.kycProfile.create({
    data: {
      userId,
      status: "APPROVED",
      legalName,
      addressLine1: "1 Harbour Road",
      city: "Portland",
      region: "OR",
      postalCode: "97201",
      country: "US",
      taxIdSealed: seal(ring, "219-09-9999", `user:${userId}:taxId`),
      taxIdLast4: "9999",
      dateOfBirthSealed: seal(ring, "1984-06-15", `user:${userId}:dateOfBirth`),
      documentKey: "00000000-0000-4000-8000-000000000000",
      documentType: "image/png",
      documentSha256: "0".repeat(64),
      submittedAt: now,
      reviewedAt: now,
    },
  });
}
