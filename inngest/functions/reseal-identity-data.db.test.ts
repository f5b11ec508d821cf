import { randomBytes, randomUUID } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../scripts/test/factories";
import { temporaryKycStorage } from "../../scripts/test/kyc";
import { startWorkflows, type Workflows } from "../../scripts/test/workflows";
import { ManualClock } from "../../scripts/workflows/clock";
import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env";
import { parseKeyRing } from "@/lib/key-ring";
import { readDocument, storeDocument } from "@/lib/kyc/documents";
import { keyIdOf, seal, unseal } from "@/lib/kyc/encryption";
import { sealContext } from "@/lib/kyc/profile";
import { identityKeyStatus, requestKycResealing, requestKycResealingIfNeeded } from "@/lib/kyc/resealing";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { sendToInngest } from "../send-outbox";

/**
 * A KYC key rotation through the app's real serve() handler and the local stand-in for Inngest: identity data
 * sealed under key A, the ring rotated to B,A, the re-sealing job run (asked for at start-up, on an admin's
 * request, and by its daily cron), and everything then opens with B alone.
 */
const RESEAL = "autovest-reseal-identity-data";
const storage = temporaryKycStorage();
let workflows: Workflows;

beforeAll(async () => {
  workflows = await startWorkflows({
    select: (functions) => functions.filter((fn) => fn.id("autovest") === RESEAL),
    crons: [RESEAL],
    clock: new ManualClock("2026-12-02T03:00:00Z"),
  });
});
afterAll(async () => {
  await workflows.stop();
  delete process.env.KYC_ENCRYPTION_KEYS;
  reloadEnv();
});

const A = `a:${randomBytes(32).toString("base64")}`;
const B = `b:${randomBytes(32).toString("base64")}`;

function useKycKeys(ring: string) {
  process.env.KYC_ENCRYPTION_KEYS = ring;
  reloadEnv();
}

const PDF = (n: number) => new TextEncoder().encode(`%PDF-1.7\n% identity document ${n}\n`);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

interface Investor {
  userId: string;
  taxId: string;
  dateOfBirth: string;
  document: Uint8Array;
}

/** `count` investors whose identity data is sealed under the ring in use; the first one's document stored before documents were encrypted. */
async function investorsUnder(count: number): Promise<Investor[]> {
  const ring = parseKeyRing(process.env.KYC_ENCRYPTION_KEYS!);
  const users = Array.from({ length: count }, (_, n) => ({ id: randomUUID(), email: `kyc-${n}-${randomBytes(3).toString("hex")}@example.com`, name: `Investor ${n}`, passwordHash: "-" }));
  await db.user.createMany({ data: users });
  const investors: Investor[] = [];
  for (const [n, user] of users.entries()) {
    const investor = { userId: user.id, taxId: `219-09-${String(1000 + n)}`, dateOfBirth: "1984-06-15", document: n === 0 ? PNG : PDF(n) };
    let documentKey: string;
    let documentKeyId: string | null;
    if (n === 0) {
      documentKey = randomUUID();
      documentKeyId = null;
      await writeFile(path.join(storage.path, documentKey), investor.document, { mode: 0o600 });
    } else {
      ({ storageKey: documentKey, keyId: documentKeyId } = await storeDocument(storage.path, investor.document, ring));
    }
    await db.kycProfile.create({
      data: {
        userId: user.id,
        status: "APPROVED",
        legalName: user.name,
        addressLine1: "1 Harbour Road",
        city: "Portland",
        region: "OR",
        postalCode: "97201",
        country: "US",
        taxIdSealed: seal(ring, investor.taxId, sealContext(user.id, "taxId")),
        taxIdLast4: investor.taxId.slice(-4),
        dateOfBirthSealed: seal(ring, investor.dateOfBirth, sealContext(user.id, "dateOfBirth")),
        documentKey,
        documentType: n === 0 ? "image/png" : "application/pdf",
        documentSha256: "0".repeat(64),
        documentKeyId,
        submittedAt: new Date(),
      },
    });
    investors.push(investor);
  }
  return investors;
}

/** Every file and sealed value as stored, to show that a run changed nothing. */
async function snapshot() {
  const files = await readdir(storage.path);
  const contents = await Promise.all(files.sort().map(async (name) => [name, (await readFile(path.join(storage.path, name))).toString("base64")]));
  const rows = await db.kycProfile.findMany({ orderBy: { userId: "asc" }, select: { userId: true, taxIdSealed: true, dateOfBirthSealed: true, documentKeyId: true } });
  return { contents, rows };
}

const resealRecords = () => db.auditLog.findMany({ where: { action: "KYC_DATA_RESEALED" }, orderBy: { id: "asc" } });

describe("re-sealing identity data after a KYC key rotation", () => {
  it("moves every sealed field and document to the newest key, audited, and a second run changes nothing", { timeout: 120_000 }, async () => {
    useKycKeys(A);
    // 120 investors: three pages of 50.
    const investors = await investorsUnder(120);
    // Only the document stored before documents were encrypted is under no key yet.
    expect(await identityKeyStatus()).toEqual({ currentKeyId: "a", profiles: 1, olderKeyIds: [""] });

    useKycKeys(`${B},${A}`);
    expect(await identityKeyStatus()).toEqual({ currentKeyId: "b", profiles: 120, olderKeyIds: ["", "a"] });

    // At start-up the app finds data under an older key and asks for a run through the outbox.
    expect(await requestKycResealingIfNeeded()).toBe(true);
    expect(await requestKycResealingIfNeeded()).toBe(true); // started again the same day: asked once
    const asked = await db.outboxEvent.findMany({ where: { name: "kyc/reseal.requested" } });
    expect(asked).toHaveLength(1);
    await dispatchOutbox(sendToInngest, { ids: asked.map((row) => row.id) });
    const run = await workflows.executor.waitForRun(RESEAL, (r) => r.event.id === asked[0]!.id, 60_000);
    expect(run).toMatchObject({ status: "completed", output: { profiles: 120, pages: 3, continuedFrom: null } });

    // Everything opens with B alone: A can be removed.
    useKycKeys(B);
    const only = parseKeyRing(B);
    for (const investor of investors) {
      const row = await db.kycProfile.findUniqueOrThrow({ where: { userId: investor.userId } });
      expect(keyIdOf(row.taxIdSealed)).toBe("b");
      expect(unseal(only, row.taxIdSealed, sealContext(investor.userId, "taxId"))).toBe(investor.taxId);
      expect(unseal(only, row.dateOfBirthSealed, sealContext(investor.userId, "dateOfBirth"))).toBe(investor.dateOfBirth);
      expect(row.documentKeyId).toBe("b");
      expect(new Uint8Array(await readDocument(storage.path, row.documentKey, only))).toEqual(investor.document);
    }
    expect(await identityKeyStatus()).toEqual({ currentKeyId: "b", profiles: 0, olderKeyIds: [] });
    expect((await readdir(storage.path)).filter((name) => name.endsWith(".partial"))).toEqual([]);
    // One audit record per page, with its counts.
    const records = await resealRecords();
    expect(records.map((record) => record.details)).toEqual([
      { reason: "start-up", requestedBy: null, profiles: 50, values: 100, documents: 50, missingDocuments: 0, unopenable: 0 },
      { reason: "start-up", requestedBy: null, profiles: 50, values: 100, documents: 50, missingDocuments: 0, unopenable: 0 },
      { reason: "start-up", requestedBy: null, profiles: 20, values: 40, documents: 20, missingDocuments: 0, unopenable: 0 },
    ]);
    expect(records.every((record) => record.targetType === "KycEncryptionKey" && record.targetId === "b")).toBe(true);

    // An admin's "Re-seal identity data now", then the daily cron: each run finds nothing, and changes nothing.
    const before = await snapshot();
    const admin = await createUser("ADMIN");
    const { outboxId, pending } = await requestKycResealing(admin);
    expect(pending).toBe(0);
    await dispatchOutbox(sendToInngest, { ids: [outboxId] });
    expect(await workflows.executor.waitForRun(RESEAL, (r) => r.event.id === outboxId, 60_000)).toMatchObject({
      status: "completed",
      output: { profiles: 0, pages: 1, continuedFrom: null },
    });
    workflows.clock.set("2026-12-02T03:50:00Z");
    expect(await workflows.executor.waitForRun(RESEAL, (r) => r.event.name !== "kyc/reseal.requested", 60_000)).toMatchObject({
      status: "completed",
      output: { profiles: 0, pages: 1 },
    });
    expect(await snapshot()).toEqual(before);
    expect(await resealRecords()).toHaveLength(3);
  });

  it("leaves what it cannot open or find as it is, and says so", { timeout: 60_000 }, async () => {
    const old = `old:${randomBytes(32).toString("base64")}`;
    useKycKeys(old);
    const [missing, lost] = await investorsUnder(2); // the first with a file stored before encryption
    await db.kycProfile.update({ where: { userId: missing!.userId }, data: { documentKey: randomUUID() } }); // no such file
    // The old key is dropped before the data was moved: what it sealed cannot be opened any more.
    useKycKeys(B);
    const admin = await createUser("ADMIN");
    const { outboxId } = await requestKycResealing(admin);
    await dispatchOutbox(sendToInngest, { ids: [outboxId] });
    const run = await workflows.executor.waitForRun(RESEAL, (r) => r.event.id === outboxId, 60_000);
    expect(run).toMatchObject({ status: "completed", output: { profiles: 0 } });
    expect(run.steps.length).toBeGreaterThan(0);
    const status = await identityKeyStatus();
    expect(status.profiles).toBe(2);
    expect(status.olderKeyIds).toEqual(["", "old"]);
    expect((await db.kycProfile.findUniqueOrThrow({ where: { userId: lost!.userId } })).taxIdSealed.split(".")[1]).toBe("old");
  });
});
