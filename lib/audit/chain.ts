/**
 * The audit trail's hash chain. Records are sealed after they commit (no business transaction waits on the
 * chain), in the order they become visible, by one sealer at a time; verification recomputes every seal from
 * the records as they are now. The database refuses UPDATE and DELETE on both tables; the chain is what shows
 * it if someone with more rights than the app changed them anyway. Seals are HMACs under AUDIT_CHAIN_KEYS, so
 * database rights alone cannot recompute them; the latest seal, kept outside the database, catches even a
 * chain rewritten by someone holding the key (docs/audit.md).
 *
 * The chain sealed before it was keyed (plain SHA-256, in UnkeyedAuditSeal) is upgraded once: the sealer
 * checks it and seals the same records, in the same order and at the same places, under the key, batch by
 * batch, and records that it did. A broken unkeyed chain is never re-sealed (that would launder the change):
 * sealing stops with UnkeyedChainBroken. Verification reads only keyed seals.
 */
import { db, type Tx } from "../db";
import type { KeyRing } from "../key-ring";
import { GENESIS_HASH, SEAL_ALGORITHM, sealHash, unkeyedSealHash, type JsonValue, type SealedContent } from "./canonical";
import type { ExportedSeal } from "./exported-seal";
import { auditChainKeyRing } from "./keys";
import { recordAudit } from "./record";

/** Records sealed per statement: one INSERT of this many rows, well inside a short transaction. */
const SEAL_BATCH = 1_000;
/** Seals read per query while verifying, so memory stays flat however long the trail. */
const VERIFY_BATCH = 2_000;
/** The advisory lock that makes sealing single-file across processes ("AUDIT" in ASCII). */
const SEALER_LOCK = 0x4155444954n;

/** An AuditLog row as read for sealing: `details` as jsonb's text, parsed before hashing. */
type RecordRow = Omit<SealedContent, "details"> & { details: string };

/** Every column of the record, jsonb details as text (parsed here, so Prisma's JSON handling cannot differ). */
const RECORD_COLUMNS = `a."id", a."at", a."actorId"::text AS "actorId", a."action"::text AS "action", a."targetType", a."targetId",
  a."ip", a."userAgent", a."details"::text AS "details"`;

const contentOf = (row: RecordRow): SealedContent => ({ ...row, details: JSON.parse(row.details) as JsonValue });

export interface SealResult {
  /** Records sealed by this call. */
  sealed: number;
  /** The chain's last seal after this call (null while nothing has ever been sealed). */
  head: { seq: bigint; hash: string; keyId: string } | null;
}

export type ChainBreak =
  | "content changed"
  | "record missing"
  | "chain link wrong"
  | "key not configured"
  | "differs from the exported seal"
  | "exported seal missing";

/** The unkeyed chain does not follow from its records: sealing under the key stops until someone looks. */
export class UnkeyedChainBroken extends Error {
  override name = "UnkeyedChainBroken";
  constructor(
    readonly seq: bigint,
    readonly auditId: bigint,
    readonly reason: ChainBreak,
  ) {
    super(`The audit chain sealed before it was keyed is broken at seal ${seq} (record #${auditId}): ${reason}. Nothing more is sealed until it is investigated.`);
  }
}

/**
 * Seals every audit record committed and not yet sealed, in id order, a batch per transaction, after
 * upgrading what the unkeyed chain held. A record that commits later with a lower id (its transaction started
 * earlier) is sealed by the next call, after the others: the chain's order is the order records became
 * visible. Safe to run anywhere, any number of times at once: each batch takes the sealer's lock and starts
 * from the last seal it then sees.
 */
export async function sealPending(): Promise<SealResult> {
  let sealed = 0;
  let after = 0n;
  for (;;) {
    const batch = await db.$transaction((tx) => sealBatch(tx, after), { timeout: 60_000, maxWait: 10_000 });
    sealed += batch.sealed;
    if (batch.upgrading) continue;
    if (batch.sealed < SEAL_BATCH) return { sealed, head: batch.head };
    after = batch.lastAuditId;
  }
}

type Head = { seq: bigint; auditId: bigint; hash: string; keyId: string };

/** Seal rows for one INSERT, as parallel arrays. */
class SealColumns {
  readonly seq: string[] = [];
  readonly auditId: string[] = [];
  readonly prevHash: string[] = [];
  readonly hash: string[] = [];

  add(seq: bigint, auditId: bigint, prevHash: string, hash: string): void {
    this.seq.push(seq.toString());
    this.auditId.push(auditId.toString());
    this.prevHash.push(prevHash);
    this.hash.push(hash);
  }

  async insert(tx: Tx, keyId: string): Promise<void> {
    if (this.seq.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO "AuditSeal" ("seq", "auditId", "prevHash", "hash", "keyId")
      SELECT s.*, ${keyId} FROM unnest(${this.seq}::bigint[], ${this.auditId}::bigint[], ${this.prevHash}::text[], ${this.hash}::text[]) s`;
  }
}

async function sealBatch(tx: Tx, after: bigint): Promise<SealResult & { lastAuditId: bigint; upgrading: boolean }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEALER_LOCK})`;
  const ring = auditChainKeyRing();
  // Read committed: every statement below sees everything committed before the lock was ours.
  const [last] = await tx.$queryRaw<Head[]>`SELECT "seq", "auditId", "hash", "keyId" FROM "AuditSeal" ORDER BY "seq" DESC LIMIT 1`;
  const upgraded = await upgradeBatch(tx, last ?? null, ring);
  if (upgraded) return { ...upgraded, lastAuditId: after, upgrading: true };

  const records = await tx.$queryRawUnsafe<RecordRow[]>(
    `SELECT ${RECORD_COLUMNS}
     FROM "AuditLog" a
     WHERE a."id" > $1 AND NOT EXISTS (SELECT 1 FROM "AuditSeal" s WHERE s."auditId" = a."id")
     ORDER BY a."id"
     LIMIT ${SEAL_BATCH}`,
    after,
  );
  let seq = last?.seq ?? 0n;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const seals = new SealColumns();
  for (const record of records) {
    const hash = sealHash(contentOf(record), prevHash, { keyId: ring.current.id, key: ring.current.key });
    seq += 1n;
    seals.add(seq, record.id, prevHash, hash);
    prevHash = hash;
  }
  await seals.insert(tx, ring.current.id);
  return {
    sealed: records.length,
    head: records.length > 0 ? { seq, hash: prevHash, keyId: ring.current.id } : last ? { seq: last.seq, hash: last.hash, keyId: last.keyId } : null,
    lastAuditId: records.at(-1)?.id ?? after,
    upgrading: false,
  };
}

/** An unkeyed seal and its record's columns (all null when the record is gone). */
type UnkeyedSealRow = { seq: bigint; auditId: bigint; prevHash: string; hash: string } & { [K in keyof RecordRow]: RecordRow[K] | null };

/**
 * The next batch of the one-time upgrade, or null when there is nothing (left) to upgrade: the unkeyed chain's
 * next seals are checked exactly as verification checked them before the chain was keyed, and the same
 * records are sealed at the same places under the newest key. Applies only while the keyed chain is a copy
 * of the unkeyed chain's beginning, so unkeyed seals written later, by anyone, are never read.
 */
async function upgradeBatch(tx: Tx, last: Head | null, ring: KeyRing): Promise<SealResult | null> {
  const [unkeyedHead] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT "seq", "hash" FROM "UnkeyedAuditSeal" ORDER BY "seq" DESC LIMIT 1`;
  if (!unkeyedHead || unkeyedHead.seq <= (last?.seq ?? 0n)) return null;
  const expected = { seq: 1n, prevHash: GENESIS_HASH };
  if (last) {
    const [copied] = await tx.$queryRaw<{ auditId: bigint; hash: string }[]>`SELECT "auditId", "hash" FROM "UnkeyedAuditSeal" WHERE "seq" = ${last.seq}`;
    if (copied?.auditId !== last.auditId) return null;
    expected.seq = last.seq + 1n;
    expected.prevHash = copied.hash;
  }
  const rows = await tx.$queryRawUnsafe<UnkeyedSealRow[]>(
    `SELECT s."seq", s."auditId", s."prevHash", s."hash", ${RECORD_COLUMNS}
     FROM "UnkeyedAuditSeal" s LEFT JOIN "AuditLog" a ON a."id" = s."auditId"
     WHERE s."seq" >= $1
     ORDER BY s."seq"
     LIMIT ${SEAL_BATCH}`,
    expected.seq,
  );
  let prevHash = last?.hash ?? GENESIS_HASH;
  const seals = new SealColumns();
  for (const row of rows) {
    const reason = breakAt(row, expected, (content, link) => unkeyedSealHash(content, link));
    if (reason) throw new UnkeyedChainBroken(row.seq, row.auditId, reason);
    const hash = sealHash(contentOf(row as RecordRow), prevHash, { keyId: ring.current.id, key: ring.current.key });
    seals.add(row.seq, row.auditId, prevHash, hash);
    expected.seq = row.seq + 1n;
    expected.prevHash = row.hash;
    prevHash = hash;
  }
  await seals.insert(tx, ring.current.id);
  if (expected.seq > unkeyedHead.seq) {
    await recordAudit(tx, {
      action: "AUDIT_CHAIN_UPGRADED",
      actorId: null,
      context: { ip: null, userAgent: null },
      details: { seals: unkeyedHead.seq.toString(), unkeyedHeadHash: unkeyedHead.hash, keyId: ring.current.id, algorithm: SEAL_ALGORITHM },
    });
  }
  return { sealed: rows.length, head: { seq: expected.seq - 1n, hash: prevHash, keyId: ring.current.id } };
}

export type ChainReport =
  | { status: "intact"; records: number; lastSeq: bigint | null; unsealed: number; anchor: bigint | null }
  | { status: "broken"; firstBrokenSeq: bigint; auditId: bigint; reason: ChainBreak; keyId: string | null; records: number; unsealed: number };

/** A seal and its record's columns: all null when the record is gone. */
type SealRow = UnkeyedSealRow & { keyId: string };

/**
 * Why this seal does not follow from the one before it and its record as it is now, if it does not. `hashOf`
 * recomputes the seal's hash from the record's content and the link (null: the seal's key is not configured).
 */
function breakAt(row: UnkeyedSealRow, expected: { seq: bigint; prevHash: string }, hashOf: (content: SealedContent, prevHash: string) => string | null): ChainBreak | null {
  if (row.seq !== expected.seq || row.prevHash !== expected.prevHash) return "chain link wrong";
  if (row.id === null) return "record missing";
  const hash = hashOf(contentOf(row as RecordRow), row.prevHash);
  if (hash === null) return "key not configured";
  return hash === row.hash ? null : "content changed";
}

/** Why the chain's seal at the exported seal's place is not that seal, if it is not. */
const anchorBreak = (row: SealRow, anchor: ExportedSeal): ChainBreak | null =>
  row.auditId === anchor.auditId && row.hash === anchor.hash && row.keyId === anchor.keyId ? null : "differs from the exported seal";

/**
 * Walks the chain from its first seal, a batch at a time, and recomputes each HMAC, under the key the seal
 * names, from the audit record as it is now and the previous seal: the first seal that does not match is
 * reported, with why (a seal whose key is no longer in AUDIT_CHAIN_KEYS is reported as such). Given an
 * exported seal (`anchor`), also confirms the chain still holds it unchanged at its place. Also counts the
 * records not sealed yet (committed since the last sealing), which the chain does not cover.
 */
export async function verifyChain({ anchor }: { anchor?: ExportedSeal } = {}): Promise<ChainReport> {
  const ring = auditChainKeyRing();
  const hashUnder = (keyId: string) => {
    const key = ring.byId.get(keyId);
    return (content: SealedContent, prevHash: string) => (key ? sealHash(content, prevHash, { keyId, key }) : null);
  };
  const expected = { seq: 1n, prevHash: GENESIS_HASH };
  let records = 0;
  let broken: { firstBrokenSeq: bigint; auditId: bigint; reason: ChainBreak; keyId: string | null } | null = null;
  while (!broken) {
    const rows = await db.$queryRawUnsafe<SealRow[]>(
      `SELECT s."seq", s."auditId", s."prevHash", s."hash", s."keyId", ${RECORD_COLUMNS}
       FROM "AuditSeal" s LEFT JOIN "AuditLog" a ON a."id" = s."auditId"
       WHERE s."seq" >= $1
       ORDER BY s."seq"
       LIMIT ${VERIFY_BATCH}`,
      expected.seq,
    );
    for (const row of rows) {
      const reason = breakAt(row, expected, hashUnder(row.keyId)) ?? (anchor?.seq === row.seq ? anchorBreak(row, anchor) : null);
      if (reason) {
        broken = { firstBrokenSeq: row.seq, auditId: row.auditId, reason, keyId: row.keyId };
        break;
      }
      records += 1;
      expected.seq = row.seq + 1n;
      expected.prevHash = row.hash;
    }
    if (rows.length < VERIFY_BATCH) break;
  }
  if (!broken && anchor && anchor.seq >= expected.seq) broken = { firstBrokenSeq: anchor.seq, auditId: anchor.auditId, reason: "exported seal missing", keyId: anchor.keyId };
  const unsealed = await unsealedCount();
  if (broken) return { status: "broken", ...broken, records, unsealed };
  return { status: "intact", records, lastSeq: records > 0 ? expected.seq - 1n : null, unsealed, anchor: anchor?.seq ?? null };
}

/** The chain's last seal, to be kept outside the database; null while nothing is sealed. */
export async function latestSeal(): Promise<ExportedSeal | null> {
  const [seal] = await db.$queryRaw<Omit<ExportedSeal, "algorithm">[]>`
    SELECT "seq", "auditId", "hash", "keyId", "sealedAt" FROM "AuditSeal" ORDER BY "seq" DESC LIMIT 1`;
  return seal ? { ...seal, algorithm: SEAL_ALGORITHM } : null;
}

/** Audit records committed but not sealed yet. */
export async function unsealedCount(): Promise<number> {
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM "AuditLog" a WHERE NOT EXISTS (SELECT 1 FROM "AuditSeal" s WHERE s."auditId" = a."id")`;
  return Number(row?.count ?? 0);
}
