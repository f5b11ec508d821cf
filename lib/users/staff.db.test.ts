import { describe, expect, it } from "vitest";
import { browser, createUser, TEST_PASSWORD, uniqueEmail } from "../../scripts/test/factories";
import { db } from "../db";
import { Conflict, Forbidden, InvalidInput } from "../errors";
import { changeRole, countAccountsByRole, createStaffAccount, listAccounts } from "./staff";

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe("staff accounts", () => {
  it("an admin creates an advisor, audited with the admin as actor", async () => {
    const admin = await createUser("ADMIN");
    const email = uniqueEmail("advisor");
    const advisor = await createStaffAccount(admin, { name: "Nina", email, password: TEST_PASSWORD, role: "ADVISOR" }, browser());
    expect(advisor).toMatchObject({ email, role: "ADVISOR" });
    expect(await db.auditLog.findFirstOrThrow({ where: { targetId: advisor.id } })).toMatchObject({
      action: "USER_CREATED",
      actorId: admin.id,
      details: { email, role: "ADVISOR" },
    });
  });

  it("refuses a staff name that poses as another with a bidi override or a zero-width space", async () => {
    const admin = await createUser("ADMIN");
    for (const name of ["Admin\u202E", "Ad\u200Bmin"]) {
      const error = await errorOf(createStaffAccount(admin, { name, email: uniqueEmail(), password: TEST_PASSWORD, role: "ADMIN" }, browser()));
      expect((error as InvalidInput).fields).toEqual({ name: "Use visible characters only: no control, direction or zero-width characters." });
    }
    const advisor = await createStaffAccount(admin, { name: "Zoe\u0308", email: uniqueEmail(), password: TEST_PASSWORD, role: "ADVISOR" }, browser());
    expect(advisor.name).toBe("Zo\u00EB");
  });

  it("only admins manage accounts; nothing is written for anyone else", async () => {
    const before = await db.user.count();
    for (const role of ["INVESTOR", "ADVISOR"] as const) {
      const actor = await createUser(role);
      const input = { name: "Mallory", email: uniqueEmail(), password: TEST_PASSWORD, role: "ADMIN" };
      expect(await errorOf(createStaffAccount(actor, input, browser()))).toBeInstanceOf(Forbidden);
      expect(await errorOf(changeRole(actor, { userId: actor.id, role: "ADMIN" }, browser()))).toBeInstanceOf(Forbidden);
      expect(await errorOf(listAccounts(actor))).toBeInstanceOf(Forbidden);
    }
    expect(await db.user.count()).toBe(before + 2);
    expect(await db.auditLog.count({ where: { action: "USER_ROLE_CHANGED" } })).toBe(0);
  });

  it("staff accounts are advisors or admins, never investors", async () => {
    const admin = await createUser("ADMIN");
    const error = await errorOf(
      createStaffAccount(admin, { name: "X", email: uniqueEmail(), password: TEST_PASSWORD, role: "INVESTOR" }, browser()),
    );
    expect((error as InvalidInput).fields).toEqual({ role: "Choose Advisor or Admin." });
  });
});

describe("changeRole", () => {
  it("changes the role and audits from and to", async () => {
    const admin = await createUser("ADMIN");
    const investor = await createUser("INVESTOR");
    const changed = await changeRole(admin, { userId: investor.id, role: "ADVISOR" }, browser());
    expect(changed.role).toBe("ADVISOR");
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "USER_ROLE_CHANGED", targetId: investor.id } })).toMatchObject({
      actorId: admin.id,
      details: { from: "INVESTOR", to: "ADVISOR" },
    });
  });

  it("takes an advisor's model-editing permission away with the role, audited, and never gives it back", async () => {
    const admin = await createUser("ADMIN");
    const advisor = await createUser("ADVISOR");
    await db.user.update({ where: { id: advisor.id }, data: { canManageModels: true } });
    await changeRole(admin, { userId: advisor.id, role: "INVESTOR" }, browser());
    await changeRole(admin, { userId: advisor.id, role: "ADVISOR" }, browser());
    expect((await db.user.findUniqueOrThrow({ where: { id: advisor.id } })).canManageModels).toBe(false);
    expect(await db.auditLog.findMany({ where: { action: "MODEL_PERMISSION_CHANGED", targetId: advisor.id }, select: { actorId: true, details: true } })).toEqual([
      { actorId: admin.id, details: { canManageModels: false, reason: "role changed" } },
    ]);
  });

  it("refuses your own role, an unchanged role and an unknown role, writing nothing", async () => {
    const admin = await createUser("ADMIN");
    const investor = await createUser("INVESTOR");
    expect(await errorOf(changeRole(admin, { userId: admin.id, role: "INVESTOR" }, browser()))).toBeInstanceOf(InvalidInput);
    expect(await errorOf(changeRole(admin, { userId: investor.id, role: "INVESTOR" }, browser()))).toBeInstanceOf(Conflict);
    expect(await errorOf(changeRole(admin, { userId: investor.id, role: "SUPERUSER" }, browser()))).toBeInstanceOf(InvalidInput);
    expect(await db.auditLog.count({ where: { action: "USER_ROLE_CHANGED", actorId: admin.id } })).toBe(0);
  });

  it("never leaves the platform without an admin, even when two admins demote each other at once", async () => {
    await db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "ADVISOR" } });
    const first = await createUser("ADMIN");
    const second = await createUser("ADMIN");
    const results = await Promise.allSettled([
      changeRole(first, { userId: second.id, role: "INVESTOR" }, browser()),
      changeRole(second, { userId: first.id, role: "INVESTOR" }, browser()),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { role: "ADMIN" } })).toBe(1);
  });

  it("counts the book by role for staff only", async () => {
    const advisor = await createUser("ADVISOR");
    const counts = await countAccountsByRole(advisor);
    expect(counts.ADVISOR).toBeGreaterThanOrEqual(1);
    expect(await errorOf(countAccountsByRole(await createUser("INVESTOR")))).toBeInstanceOf(Forbidden);
  });
});
