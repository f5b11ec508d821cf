import type { Tx } from "../db";
import type { AuditAction, Prisma } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";

export interface AuditEntry {
  action: AuditAction;
  /** The signed-in user who acted; null for anonymous actions (a failed sign-in, a sign-up). */
  actorId: string | null;
  target?: { type: string; id: string };
  context: RequestContext;
  details?: Prisma.InputJsonObject;
}

/**
 * Writes one audit record. Takes a transaction client on purpose: the record commits or rolls back
 * with the change it describes.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      action: entry.action,
      actorId: entry.actorId,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: entry.context.ip,
      userAgent: entry.context.userAgent,
      details: entry.details ?? {},
    },
  });
}
