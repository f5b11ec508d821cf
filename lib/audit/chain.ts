/**
 * The audit trail's hash chain. Records are sealed after they commit (no business transaction waits on the
 * chain), in the order they become visible, by one sealer at a time; verification recomputes every seal from
 * the records as they are now. The database refuses UPDATE and DELETE on both tables; the chain is what shows
 * it if someone with more rights than the app changed them anyway.
 */
import { db, type Tx } from "../db";
import { GENESIS_HASH, sealHash, type JsonValue, type SealedContent } from "./canonical";

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
  head: { seq: bigint; hash: string } | null;
}

/**
 * Seals every audit record committed and not yet sealed, in id order, a batch per transaction. A record that
 * commits later with a lower id (its transaction started earlier) is sealed by the next call, after the
 * others: the chain's order is the order records became visible. Safe to run anywhere, any number of times
 * at once: each batch takes the sealer's lock and starts from the last seal it then sees.
 */
export async function sealPending(): Promise<SealResult> {
  let sealed = 0;
  let after = 0n;
  for (;;) {
    const batch = await db.$transaction((tx) => sealBatch(tx, after), { timeout: 60_000, maxWait: 10_000 });
    sealed += batch.sealed;
    if (batch.sealed < SEAL_BATCH) return { sealed, head: batch.head };
    after = batch.lastAuditId;
  }
}

async function sealBatch(tx: Tx, after: bigint): Promise<SealResult & { lastAuditId: bigint }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEALER_LOCK})`;
  // Read committed: both statements below see everything committed before the lock was ours.
  const [last] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT "seq", "hash" FROM "AuditSeal" ORDER BY "seq" DESC LIMIT 1`;
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
  const seals = { seq: [] as string[], auditId: [] as string[], prevHash: [] as string[], hash: [] as string[] };
  for (const record of records) {
    const hash = sealHash(contentOf(record), prevHash);
    seq += 1n;
    seals.seq.push(seq.toString());
    seals.auditId.push(record.id.toString());
    seals.prevHash.push(prevHash);
    seals.hash.push(hash);
    prevHash = hash;
  }
  if (records.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "AuditSeal" ("seq", "auditId", "prevHash", "hash")
      SELECT * FROM unnest(${seals.seq}::bigint[], ${seals.auditId}::bigint[], ${seals.prevHash}::text[], ${seals.hash}::text[])`;
  }
  return {
    sealed: records.length,
    head: seq > 0n ? { seq, hash: prevHash } : null,
    lastAuditId: records.at(-1)?.id ?? after,
  };
}

export type ChainBreak = "content changed" | "record missing" | "chain link wrong";

export type ChainReport =
  | { status: "intact"; records: number; lastSeq: bigint | null; unsealed: number }
  | { status: "broken"; firstBrokenSeq: bigint; auditId: bigint; reason: ChainBreak; records: number; unsealed: number };

/** A seal and its record's columns: all null when the record is gone. */
type SealRow = { seq: bigint; auditId: bigint; prevHash: string; hash: string } & { [K in keyof RecordRow]: RecordRow[K] | null };

/** Why this seal does not follow from the one before it and its record as it is now, if it does not. */
function breakAt(row: SealRow, expected: { seq: bigint; prevHash: string }): ChainBreak | null {
  if (row.seq !== expected.seq || row.prevHash !== expected.prevHash) return "chain link wrong";
  if (row.id === null) return "record missing";
  return sealHash(contentOf(row as RecordRow), row.prevHash) === row.hash ? null : "content changed";
}

/**
 * Walks the chain from its first seal, a batch at a time, and recomputes each hash from the audit record as
 * it is now and the previous seal: the first seal that does not match is reported, with why. Also counts the
 * records not sealed yet (committed since the last sealing), which the chain does not cover.
 */
export async function verifyChain(): Promise<ChainReport> {
  const expected = { seq: 1n, prevHash: GENESIS_HASH };
  let records = 0;
  let broken: { firstBrokenSeq: bigint; auditId: bigint; reason: ChainBreak } | null = null;
  while (!broken) {
    const rows = await db.$queryRawUnsafe<SealRow[]>(
      `SELECT s."seq", s."auditId", s."prevHash", s."hash", ${RECORD_COLUMNS}
       FROM "AuditSeal" s LEFT JOIN "AuditLog" a ON a."id" = s."auditId"
       WHERE s."seq" >= $1
       ORDER BY s."seq"
       LIMIT ${VERIFY_BATCH}`,
      expected.seq,
    );
    for (const row of rows) {
      const reason = breakAt(row, expected);
      if (reason) {
        broken = { firstBrokenSeq: row.seq, auditId: row.auditId, reason };
        break;
      }
      records += 1;
      expected.seq = row.seq + 1n;
      expected.prevHash = row.hash;
    }
    if (rows.length < VERIFY_BATCH) break;
  }
  const unsealed = await unsealedCount();
  if (broken) return { status: "broken", ...broken, records, unsealed };
  return { status: "intact", records, lastSeq: records > 0 ? expected.seq - 1n : null, unsealed };
}

/** Audit records committed but not sealed yet. */
export async function unsealedCount(): Promise<number> {
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM "AuditLog" a WHERE NOT EXISTS (SELECT 1 FROM "AuditSeal" s WHERE s."auditId" = a."id")`;
  return Number(row?.count ?? 0);
}
