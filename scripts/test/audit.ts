import { db } from "../../lib/db";

/** Audit records straight from SQL, `count` of them, each with its number in the details. */
export async function insertAuditRecords(count: number, action = "USER_SIGNED_IN"): Promise<void> {
  await db.$executeRaw`INSERT INTO "AuditLog" ("action", "details") SELECT ${action}::"AuditAction", jsonb_build_object('n', g) FROM generate_series(1, ${count}) g`;
}

/** As a superuser who has switched the append-only triggers off, the way an intruder with database rights could. */
export async function tamper(sql: string, ...values: unknown[]): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
    await tx.$executeRawUnsafe(sql, ...values);
  });
}
