/**
 * Re-sealing identity data after a KYC key rotation: every KycProfile's sealed tax id and date of birth and
 * every identity document file still under an older key in KYC_ENCRYPTION_KEYS (or, for documents stored
 * before they were encrypted, under none) is sealed again with the newest key, a page of profiles at a time
 * (the workflow is inngest/functions/reseal-identity-data.ts; docs/workflows.md). Once nothing is left under
 * an older key, that key can be removed from KYC_ENCRYPTION_KEYS.
 *
 * Idempotent: a document file is replaced whole (lib/kyc/documents.ts) and names its key in its header, and
 * the row's `documentKeyId` changes only after, so a page run again after a crash finds the file already
 * under the newest key and only updates the row; a row is updated only if it still holds what was read, so a
 * resubmission in between is never overwritten with older values.
 */
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { env } from "../env";
import { Forbidden } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { enqueue } from "../outbox/outbox";
import { resealDocument } from "./documents";
import { needsResealing, seal, unseal, UnsealFailed } from "./encryption";
import { kycKeyRing } from "./keys";
import { sealContext } from "./profile";

/** The event that starts a re-sealing run (inngest/client.ts `kycResealRequested`). */
export const RESEAL_REQUESTED = "kyc/reseal.requested";

/** Rows with anything not under `keyId`: a field sealed with another key, or a document file under another key or none. */
const underOtherKeys = (keyId: string) => Prisma.sql`(
  split_part(p."taxIdSealed", '.', 2) <> ${keyId}
  OR split_part(p."dateOfBirthSealed", '.', 2) <> ${keyId}
  OR p."documentKeyId" IS DISTINCT FROM ${keyId}
)`;

export interface ResealPage {
  /** The last profile of this page, where the next starts; null when this was the last page. */
  last: string | null;
  /** Profiles whose row changed. */
  count: number;
  /** Sealed fields re-sealed (two per profile at most). */
  values: number;
  /** Document files now under the newest key. */
  documents: number;
  /** Rows whose document file is not there: left as they are, for an operator. */
  missingDocuments: number;
  /** Values or files that do not open (their key is no longer configured, or they were changed): left as they are. */
  unopenable: number;
}

interface ProfileRow {
  userId: string;
  taxIdSealed: string;
  dateOfBirthSealed: string;
  documentKey: string;
  documentKeyId: string | null;
}

interface Resealed {
  row: ProfileRow;
  data: { taxIdSealed?: string; dateOfBirthSealed?: string; documentKeyId?: string };
  values: number;
}

/** What a re-sealing run is for, recorded with each page's audit record. */
export interface ResealReason {
  reason: "daily" | "start-up" | "requested";
  requestedBy: string | null;
}

/**
 * Re-seals one page of profiles (at most `limit`, after `after` in id order) that hold anything under an older
 * key: document files first, then, in one transaction, the rows that still hold what was read and one audit
 * record with the page's counts (none when nothing changed).
 */
export async function resealIdentityPage(after: string | null, limit: number, why: ResealReason): Promise<ResealPage> {
  const ring = kycKeyRing();
  const current = ring.current.id;
  const rows = await db.$queryRaw<ProfileRow[]>`
    SELECT p."userId"::text AS "userId", p."taxIdSealed", p."dateOfBirthSealed", p."documentKey", p."documentKeyId"
    FROM "KycProfile" p
    WHERE (${after}::uuid IS NULL OR p."userId" > ${after}::uuid) AND ${underOtherKeys(current)}
    ORDER BY p."userId"
    LIMIT ${limit}`;
  const page: ResealPage = { last: rows.length === limit ? rows.at(-1)!.userId : null, count: 0, values: 0, documents: 0, missingDocuments: 0, unopenable: 0 };
  const resealed: Resealed[] = [];
  for (const row of rows) {
    const change: Resealed = { row, data: {}, values: 0 };
    for (const [field, column] of [["taxId", "taxIdSealed"], ["dateOfBirth", "dateOfBirthSealed"]] as const) {
      if (!needsResealing(ring, row[column])) continue;
      try {
        const context = sealContext(row.userId, field);
        change.data[column] = seal(ring, unseal(ring, row[column], context), context);
        change.values += 1;
      } catch (error) {
        if (!(error instanceof UnsealFailed)) throw error;
        page.unopenable += 1;
      }
    }
    if (row.documentKeyId !== current) {
      try {
        const outcome = await resealDocument(env().KYC_STORAGE_DIR, row.documentKey, ring);
        if (outcome === "missing") page.missingDocuments += 1;
        else change.data.documentKeyId = current;
      } catch (error) {
        if (!(error instanceof UnsealFailed)) throw error;
        page.unopenable += 1;
      }
    }
    if (Object.keys(change.data).length > 0) resealed.push(change);
  }
  if (resealed.length === 0) return page;
  await db.$transaction(async (tx) => {
    for (const { row, data, values } of resealed) {
      const { count } = await tx.kycProfile.updateMany({
        where: { userId: row.userId, taxIdSealed: row.taxIdSealed, dateOfBirthSealed: row.dateOfBirthSealed, documentKey: row.documentKey },
        data,
      });
      if (count === 0) continue;
      page.count += 1;
      page.values += values;
      if (data.documentKeyId) page.documents += 1;
    }
    if (page.count === 0) return;
    await recordAudit(tx, {
      action: "KYC_DATA_RESEALED",
      actorId: null,
      target: { type: "KycEncryptionKey", id: current },
      context: { ip: null, userAgent: null },
      details: { ...why, profiles: page.count, values: page.values, documents: page.documents, missingDocuments: page.missingDocuments, unopenable: page.unopenable },
    });
  });
  return page;
}

export interface IdentityKeyStatus {
  /** The key everything new is sealed with. */
  currentKeyId: string;
  /** Profiles holding anything under another key. */
  profiles: number;
  /** The other keys still in use, by id ("" for document files stored before documents were encrypted). */
  olderKeyIds: string[];
}

/** How much identity data is still under older keys, and which: an older key can go once `profiles` is 0. */
export async function identityKeyStatus(): Promise<IdentityKeyStatus> {
  const current = kycKeyRing().current.id;
  const [row] = await db.$queryRaw<{ profiles: bigint; keyIds: string[] }[]>`
    SELECT count(DISTINCT p."userId") AS profiles, coalesce(array_agg(DISTINCT k.id ORDER BY k.id), '{}') AS "keyIds"
    FROM "KycProfile" p
    CROSS JOIN LATERAL unnest(ARRAY[split_part(p."taxIdSealed", '.', 2), split_part(p."dateOfBirthSealed", '.', 2), coalesce(p."documentKeyId", '')]) AS k(id)
    WHERE k.id <> ${current}`;
  return { currentKeyId: current, profiles: Number(row?.profiles ?? 0), olderKeyIds: row?.keyIds ?? [] };
}

/** An admin asks for identity data to be re-sealed now rather than at the daily run: the request goes through the outbox. */
export async function requestKycResealing(actor: CurrentUser): Promise<{ outboxId: string; pending: number }> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only admins re-seal identity data.");
  const { profiles } = await identityKeyStatus();
  const outboxId = await db.$transaction((tx) => enqueue(tx, { name: RESEAL_REQUESTED, data: { reason: "requested", requestedBy: actor.id, after: null } }));
  return { outboxId, pending: profiles };
}

/**
 * At start-up: when identity data under an older key exists (a key was just rotated), asks for a re-sealing
 * run through the outbox (sent by its sweeper within a minute), once per newest key and day however often the
 * app starts. Returns whether it asked.
 */
export async function requestKycResealingIfNeeded(now = new Date()): Promise<boolean> {
  const { currentKeyId, profiles } = await identityKeyStatus();
  if (profiles === 0) return false;
  await db.$transaction((tx) =>
    enqueue(tx, {
      name: RESEAL_REQUESTED,
      data: { reason: "start-up", requestedBy: null, after: null },
      dedupeKey: `kyc-reseal:start-up:${currentKeyId}:${now.toISOString().slice(0, 10)}`,
    }),
  );
  return true;
}

/** From instrumentation.ts at start-up: never holds up or stops the app; a failure is logged and the daily run catches up. */
export function requestKycResealingAtStartUp(): void {
  requestKycResealingIfNeeded().then(
    (asked) => asked && console.info("Identity data under an older KYC key found at start-up: re-sealing it under the newest key (kyc/reseal.requested)."),
    (error: unknown) => console.error("Could not check for identity data under older KYC keys at start-up; the daily re-sealing run will.", error),
  );
}
