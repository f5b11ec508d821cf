import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";

describe("the audit sealer (Inngest function)", () => {
  it("seals what committed since its last run and reports the chain's head", async () => {
    const { InngestTestEngine } = await import("@inngest/test");
    const { auditSeal } = await import("./audit-seal");
    const before = await db.auditLog.count();
    await db.$executeRaw`INSERT INTO "AuditLog" ("action") SELECT 'USER_SIGNED_IN' FROM generate_series(1, 3)`;

    const { result } = await new InngestTestEngine({ function: auditSeal }).execute();
    const head = await db.auditSeal.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(result).toEqual({ sealed: before + 3, headSeq: String(before + 3), headHash: head.hash, headKeyId: "dev" });
    expect((await new InngestTestEngine({ function: auditSeal }).execute()).result).toMatchObject({ sealed: 0, headSeq: String(before + 3) });
  });
});
