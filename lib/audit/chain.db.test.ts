import { describe, expect, it } from "vitest";
import { insertAuditRecords, tamper } from "../../scripts/test/audit";
import { browser, createUser } from "../../scripts/test/factories";
import { db, type Tx } from "../db";
import { GENESIS_HASH } from "./canonical";
import { sealPending, verifyChain } from "./chain";
import { recordAudit } from "./record";

const write = (tx: Tx, note: string) => recordAudit(tx, { action: "USER_SIGNED_IN", actorId: null, context: browser(), details: { note } });

async function seals() {
  return db.auditSeal.findMany({ orderBy: { seq: "asc" } });
}

async function sealOf(auditId: bigint) {
  return db.auditSeal.findUniqueOrThrow({ where: { auditId } });
}

describe("sealing the audit trail", () => {
  it("seals records in the order they commit: a long transaction's earlier id is sealed after a later one committed first", async () => {
    await sealPending();
    let wrote!: () => void;
    let finish!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const slow = db.$transaction(
      async (tx) => {
        await write(tx, "slow");
        wrote();
        await gate;
      },
      { timeout: 20_000 },
    );
    await written;
    await db.$transaction((tx) => write(tx, "quick"));

    expect((await sealPending()).sealed).toBe(1);
    finish();
    await slow;
    expect((await sealPending()).sealed).toBe(1);

    const slowId = (await db.auditLog.findFirstOrThrow({ where: { details: { equals: { note: "slow" } } } })).id;
    const quickId = (await db.auditLog.findFirstOrThrow({ where: { details: { equals: { note: "quick" } } } })).id;
    expect(slowId).toBeLessThan(quickId);
    const [quickSeal, slowSeal] = [await sealOf(quickId), await sealOf(slowId)];
    expect(slowSeal.seq).toBe(quickSeal.seq + 1n);
    expect(slowSeal.prevHash).toBe(quickSeal.hash);
    expect(await verifyChain()).toMatchObject({ status: "intact", unsealed: 0 });
  });

  it("makes one unbroken chain from many writers and sealers running at once, sealing each record once", async () => {
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) =>
        db.$transaction(async (tx) => {
          for (let n = 0; n < 5; n++) await write(tx, `writer ${i}.${n}`);
        }),
      ),
      sealPending(),
      sealPending(),
      insertAuditRecords(2_500),
      sealPending(),
    ]);
    await Promise.all([sealPending(), sealPending(), sealPending()]);

    const chain = await seals();
    expect(chain[0]).toMatchObject({ seq: 1n, prevHash: GENESIS_HASH });
    chain.forEach((seal, i) => {
      expect(seal.seq).toBe(BigInt(i + 1));
      if (i > 0) expect(seal.prevHash).toBe(chain[i - 1]!.hash);
    });
    expect(new Set(chain.map((seal) => seal.auditId)).size).toBe(chain.length);
    expect(chain.length).toBe(await db.auditLog.count());
    expect(await verifyChain()).toEqual({ status: "intact", records: chain.length, lastSeq: BigInt(chain.length), unsealed: 0, anchor: null });
  });

  it("seals nothing twice: a second run finds nothing to do", async () => {
    await db.$transaction((tx) => write(tx, "once"));
    const first = await sealPending();
    expect(first.sealed).toBe(1);
    const second = await sealPending();
    expect(second).toEqual({ sealed: 0, head: first.head });
  });

  it("reports records not sealed yet beside the intact chain", async () => {
    await sealPending();
    await insertAuditRecords(3);
    const report = await verifyChain();
    expect(report).toMatchObject({ status: "intact", unsealed: 3 });
    await sealPending();
    expect(await verifyChain()).toMatchObject({ status: "intact", unsealed: 0, records: (report as { records: number }).records + 3 });
  });
});

describe("verifying the audit trail", () => {
  /** A sealed record in the middle of a chain long enough to span several verification batches. */
  async function sealedVictim() {
    const user = await createUser("INVESTOR", "Tampered Tess");
    await insertAuditRecords(4_500);
    await sealPending();
    const record = await db.auditLog.findFirstOrThrow({ where: { action: "USER_SIGNED_UP", targetId: user.id } });
    return { record, seal: await sealOf(record.id) };
  }

  it("finds a record whose details were changed behind the triggers' back, at its own seal; restoring it mends the chain", async () => {
    const { record, seal } = await sealedVictim();
    await tamper(`UPDATE "AuditLog" SET "details" = jsonb_set("details", '{role}', '"ADMIN"') WHERE "id" = $1`, record.id);

    expect(await verifyChain()).toEqual({
      status: "broken",
      firstBrokenSeq: seal.seq,
      auditId: record.id,
      reason: "content changed",
      keyId: "dev",
      records: Number(seal.seq) - 1,
      unsealed: 0,
    });

    await tamper(`UPDATE "AuditLog" SET "details" = $1::jsonb WHERE "id" = $2`, JSON.stringify(record.details), record.id);
    expect(await verifyChain()).toMatchObject({ status: "intact" });
  });

  it("finds a deleted record, and reports the earliest break when there are several", async () => {
    const { record, seal } = await sealedVictim();
    const later = await db.auditSeal.findFirstOrThrow({ where: { seq: seal.seq + 3_000n } });
    await tamper(`UPDATE "AuditLog" SET "ip" = '198.51.100.1' WHERE "id" = $1`, later.auditId);
    await tamper(`DELETE FROM "AuditLog" WHERE "id" = $1`, record.id);

    expect(await verifyChain()).toMatchObject({ status: "broken", firstBrokenSeq: seal.seq, auditId: record.id, reason: "record missing" });
  });

  it("finds a seal whose link to the one before was rewritten", async () => {
    const seal = await db.auditSeal.findFirstOrThrow({ where: { seq: 2n } });
    await tamper(`UPDATE "AuditSeal" SET "prevHash" = $1 WHERE "seq" = 2`, "f".repeat(64));
    expect(await verifyChain()).toMatchObject({ status: "broken", firstBrokenSeq: 2n, auditId: seal.auditId, reason: "chain link wrong" });
  });
});

