import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { insertAuditRecords, tamper } from "../../scripts/test/audit";
import { createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { reloadEnv } from "../env";
import { DEVELOPMENT_AUDIT_CHAIN_KEYS, GENESIS_HASH, sealHash, unkeyedSealHash, type JsonValue, type SealedContent } from "./canonical";
import { latestSeal, sealPending, UnkeyedChainBroken, verifyChain } from "./chain";
import { exportedSealJson, parseExportedSeal } from "./exported-seal";
import { verifyAuditTrail } from "./trail";

/** Fresh random keys as AUDIT_CHAIN_KEYS entries (`id:base64`), in the order given. */
const keys = (...ids: string[]) => ids.map((id) => `${id}:${randomBytes(32).toString("base64")}`);
const keyOf = (entry: string) => ({ keyId: entry.slice(0, entry.indexOf(":")), key: Buffer.from(entry.slice(entry.indexOf(":") + 1), "base64") });

function useAuditKeys(...entries: string[]) {
  process.env.AUDIT_CHAIN_KEYS = entries.join(",");
  reloadEnv();
}

afterEach(() => {
  delete process.env.AUDIT_CHAIN_KEYS;
  reloadEnv();
});

/** The records of `auditIds` as the sealer reads them, by id. */
async function contents(auditIds: bigint[]): Promise<Map<bigint, SealedContent>> {
  const records = await db.auditLog.findMany({ where: { id: { in: auditIds } } });
  return new Map(records.map((record) => [record.id, { ...record, details: record.details as JsonValue }]));
}

/**
 * What someone with database rights does after changing a record: recomputes every seal of `table` from `seq`
 * on with `hashOf`, so that each follows from its record and the seal before it again.
 */
async function resealFrom(seq: bigint, hashOf: (content: SealedContent, prevHash: string) => string, table = "AuditSeal"): Promise<void> {
  const chain = await db.$queryRawUnsafe<{ seq: bigint; auditId: bigint; hash: string }[]>(
    `SELECT "seq", "auditId", "hash" FROM "${table}" WHERE "seq" >= $1 ORDER BY "seq"`,
    seq - 1n,
  );
  let prevHash = chain[0]!.seq === seq ? GENESIS_HASH : chain.shift()!.hash;
  const records = await contents(chain.map((seal) => seal.auditId));
  const rewritten = { seq: [] as string[], prevHash: [] as string[], hash: [] as string[] };
  for (const seal of chain) {
    const hash = hashOf(records.get(seal.auditId)!, prevHash);
    rewritten.seq.push(seal.seq.toString());
    rewritten.prevHash.push(prevHash);
    rewritten.hash.push(hash);
    prevHash = hash;
  }
  await tamper(
    `UPDATE "${table}" s SET "prevHash" = r."prevHash", "hash" = r."hash"
     FROM unnest($1::bigint[], $2::text[], $3::text[]) AS r("seq", "prevHash", "hash") WHERE s."seq" = r."seq"`,
    rewritten.seq,
    rewritten.prevHash,
    rewritten.hash,
  );
}

/** Throws the keyed chain away (as an intruder could) and seals every record as it is now under the configured key. */
async function freshChain(): Promise<void> {
  await tamper(`DELETE FROM "AuditSeal"`);
  await tamper(`DELETE FROM "UnkeyedAuditSeal"`);
  await sealPending();
}

/** A signed-up user's record in a fresh chain, with a few hundred records sealed after it. */
async function sealedSignUp() {
  await freshChain();
  const user = await createUser("INVESTOR", "Chained Chloe");
  await insertAuditRecords(300);
  await sealPending();
  const record = await db.auditLog.findFirstOrThrow({ where: { action: "USER_SIGNED_UP", targetId: user.id } });
  return { record, seal: await db.auditSeal.findUniqueOrThrow({ where: { auditId: record.id } }) };
}

/** The change an intruder would make: an investor's sign-up recorded as an admin's. */
const promote = (auditId: bigint) => tamper(`UPDATE "AuditLog" SET "details" = jsonb_set("details", '{role}', '"ADMIN"') WHERE "id" = $1`, auditId);

const developmentKey = () => keyOf(DEVELOPMENT_AUDIT_CHAIN_KEYS);

describe("the keyed chain", () => {
  it("catches a record changed and its chain re-sealed with plain SHA-256, as anyone who can write the database could", async () => {
    const { record, seal } = await sealedSignUp();
    await promote(record.id);
    await resealFrom(seal.seq, (content, prevHash) => unkeyedSealHash(content, prevHash));

    expect(await verifyChain()).toMatchObject({ status: "broken", firstBrokenSeq: seal.seq, auditId: record.id, reason: "content changed" });
  });

  it("catches a chain re-sealed with a key that is not the chain's (the public development key under the real key's id)", async () => {
    const [real] = keys("2026-12");
    useAuditKeys(real!);
    const { record, seal } = await sealedSignUp();
    await promote(record.id);
    await resealFrom(seal.seq, (content, prevHash) => sealHash(content, prevHash, { ...developmentKey(), keyId: "2026-12" }));

    expect(await verifyChain()).toMatchObject({ status: "broken", firstBrokenSeq: seal.seq, auditId: record.id, reason: "content changed", keyId: "2026-12" });
  });

  it("seals with the newest key after a rotation, while older seals verify under the key they name; a seal whose key is gone is reported", async () => {
    const [old, fresh] = keys("2026-11", "2026-12");
    useAuditKeys(old!);
    await freshChain();
    await insertAuditRecords(5);
    const before = await sealPending();
    expect(before.head?.keyId).toBe("2026-11");

    useAuditKeys(fresh!, old!);
    await insertAuditRecords(5);
    const after = await sealPending();
    expect(after).toMatchObject({ sealed: 5, head: { seq: before.head!.seq + 5n, keyId: "2026-12" } });
    const newest = await db.auditSeal.findMany({ where: { seq: { gt: before.head!.seq - 5n } }, orderBy: { seq: "asc" } });
    expect(newest.map((seal) => seal.keyId)).toEqual([...Array(5).fill("2026-11"), ...Array(5).fill("2026-12")]);
    expect(await verifyChain()).toMatchObject({ status: "intact", lastSeq: after.head!.seq });

    useAuditKeys(fresh!);
    expect(await verifyChain()).toMatchObject({ status: "broken", firstBrokenSeq: 1n, reason: "key not configured", keyId: "2026-11" });
  });

  it("never accepts a seal made without a key, under whatever key id it is written", async () => {
    const { record, seal } = await sealedSignUp();
    await promote(record.id);
    await resealFrom(seal.seq, (content, prevHash) => unkeyedSealHash(content, prevHash));
    for (const keyId of ["legacy", "", "sha256"]) {
      await tamper(`UPDATE "AuditSeal" SET "keyId" = $1 WHERE "seq" >= $2`, keyId, seal.seq);
      expect(await verifyChain()).toMatchObject({ status: "broken", firstBrokenSeq: seal.seq, reason: "key not configured", keyId });
    }
  });
});

describe("the exported seal", () => {
  it("is the chain's last seal, and a chain rewritten by someone holding the key no longer holds it", async () => {
    const { record, seal } = await sealedSignUp();
    const exported = (await latestSeal())!;
    const last = await db.auditSeal.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(exported).toEqual({ seq: last.seq, auditId: last.auditId, hash: last.hash, keyId: "dev", sealedAt: last.sealedAt, algorithm: "HMAC-SHA-256" });
    // Kept as JSON outside the database, and pasted back.
    const kept = parseExportedSeal(exportedSealJson(exported));
    expect(kept).toEqual(exported);
    expect(await verifyChain({ anchor: kept })).toMatchObject({ status: "intact", anchor: exported.seq });

    // Someone holding the key changes a record and re-seals everything after it: every seal checks out...
    await promote(record.id);
    await resealFrom(seal.seq, (content, prevHash) => sealHash(content, prevHash, developmentKey()));
    expect(await verifyChain()).toMatchObject({ status: "intact" });
    // ...but the seal kept outside the database is no longer in the chain.
    expect(await verifyChain({ anchor: kept })).toMatchObject({ status: "broken", firstBrokenSeq: exported.seq, reason: "differs from the exported seal" });
  });

  it("catches a chain cut short before it", async () => {
    await sealedSignUp();
    const exported = (await latestSeal())!;
    await tamper(`DELETE FROM "AuditSeal" WHERE "seq" > $1`, exported.seq - 10n);
    expect(await verifyChain({ anchor: exported })).toMatchObject({ status: "broken", firstBrokenSeq: exported.seq, reason: "exported seal missing" });
  });

  it("is refused when what is pasted is not one, saying why", () => {
    expect(() => parseExportedSeal("not json")).toThrow("That is not an exported seal: it is not JSON.");
    expect(() => parseExportedSeal(JSON.stringify({ seq: "1", auditId: "1", hash: "abc", keyId: "dev", sealedAt: new Date().toISOString(), algorithm: "HMAC-SHA-256" }))).toThrow(
      "That is not an exported seal: hash is missing or malformed.",
    );
  });
});

/** A chain sealed before keying, as the plain SHA-256 sealer made it: every record, in id order. */
async function sealUnkeyed(): Promise<void> {
  const records = await db.auditLog.findMany({ orderBy: { id: "asc" } });
  let prevHash = GENESIS_HASH;
  const rows = records.map((record, i) => {
    const hash = unkeyedSealHash({ ...record, details: record.details as JsonValue }, prevHash);
    const row = { seq: BigInt(i + 1), auditId: record.id, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await db.unkeyedAuditSeal.createMany({ data: rows });
}

describe("the chain sealed before it was keyed", () => {
  it("is checked and sealed again under the key once, at the same places, and the upgrade is audited", async () => {
    await tamper(`DELETE FROM "AuditSeal"`);
    await tamper(`DELETE FROM "UnkeyedAuditSeal"`);
    await insertAuditRecords(1_234);
    await sealUnkeyed();
    const unkeyed = await db.unkeyedAuditSeal.findMany({ orderBy: { seq: "asc" } });
    await insertAuditRecords(3); // committed after the old sealer's last run

    const result = await sealPending();
    expect(result.sealed).toBe(unkeyed.length + 3 + 1); // and the upgrade's own record
    const keyed = await db.auditSeal.findMany({ orderBy: { seq: "asc" } });
    expect(keyed.slice(0, unkeyed.length).map((seal) => [seal.seq, seal.auditId])).toEqual(unkeyed.map((seal) => [seal.seq, seal.auditId]));
    expect(keyed.every((seal) => seal.keyId === "dev")).toBe(true);
    const upgrade = await db.auditLog.findFirstOrThrow({ where: { action: "AUDIT_CHAIN_UPGRADED" } });
    expect(upgrade.details).toEqual({ seals: String(unkeyed.length), unkeyedHeadHash: unkeyed.at(-1)!.hash, keyId: "dev", algorithm: "HMAC-SHA-256" });
    expect(await verifyChain()).toEqual({ status: "intact", records: keyed.length, lastSeq: BigInt(keyed.length), unsealed: 0, anchor: null });

    // Done once: unkeyed seals written afterwards (by anyone) are never read, and nothing is upgraded twice.
    expect((await sealPending()).sealed).toBe(0);
    expect(await db.auditLog.count({ where: { action: "AUDIT_CHAIN_UPGRADED" } })).toBe(1);
  });

  it("is never sealed under the key when it does not hold: a record changed and re-hashed with plain SHA-256 stops the sealer", async () => {
    await tamper(`DELETE FROM "AuditSeal"`);
    await tamper(`DELETE FROM "UnkeyedAuditSeal"`);
    const user = await createUser("INVESTOR", "Laundered Lou");
    await insertAuditRecords(1_500);
    await sealUnkeyed();
    const record = await db.auditLog.findFirstOrThrow({ where: { action: "USER_SIGNED_UP", targetId: user.id } });
    const seal = await db.unkeyedAuditSeal.findUniqueOrThrow({ where: { auditId: record.id } });
    await promote(record.id);

    await expect(sealPending()).rejects.toThrow(new UnkeyedChainBroken(seal.seq, record.id, "content changed"));
    expect(await db.auditSeal.count({ where: { seq: { gte: seal.seq } } })).toBe(0);
    const admin = await createUser("ADMIN");
    expect(await verifyAuditTrail(admin)).toEqual({ status: "unkeyed chain broken", seq: seal.seq, auditId: record.id, reason: "content changed" });
  });
});
