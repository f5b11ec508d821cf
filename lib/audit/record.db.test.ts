import { describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { recordAudit } from "./record";

describe("the audit trail", () => {
  it("commits with the change it describes, and rolls back with it", async () => {
    const user = await createUser();
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { name: "Changed" } });
        await recordAudit(tx, { action: "USER_ROLE_CHANGED", actorId: user.id, target: { type: "User", id: user.id }, context: browser() });
        throw new Error("the change fails after its audit row was written");
      }),
    ).rejects.toThrow();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name);
    expect(await db.auditLog.count({ where: { action: "USER_ROLE_CHANGED", targetId: user.id } })).toBe(0);
  });

  it("is append-only: the database refuses updates, deletes and truncation", async () => {
    const user = await createUser();
    const row = await db.auditLog.findFirstOrThrow({ where: { targetId: user.id } });
    await expect(db.auditLog.update({ where: { id: row.id }, data: { action: "USER_SIGNED_IN" } })).rejects.toThrow(
      /AuditLog is append-only: UPDATE refused/,
    );
    await expect(db.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/AuditLog is append-only: DELETE refused/);
    await expect(db.$executeRawUnsafe('TRUNCATE "AuditLog" CASCADE')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await db.auditLog.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });
});
