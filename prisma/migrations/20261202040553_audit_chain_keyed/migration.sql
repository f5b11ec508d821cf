-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'AUDIT_CHAIN_UPGRADED';

-- The chain sealed with plain SHA-256 is kept as it was, under a name that says what it is: the sealer checks it
-- once and seals the same records in the same order under the key (lib/audit/chain.ts). Still append-only.
ALTER TABLE "AuditSeal" RENAME TO "UnkeyedAuditSeal";
ALTER TABLE "UnkeyedAuditSeal" RENAME CONSTRAINT "AuditSeal_pkey" TO "UnkeyedAuditSeal_pkey";
ALTER INDEX "AuditSeal_auditId_key" RENAME TO "UnkeyedAuditSeal_auditId_key";
ALTER TRIGGER "AuditSeal_append_only" ON "UnkeyedAuditSeal" RENAME TO "UnkeyedAuditSeal_append_only";
ALTER TRIGGER "AuditSeal_no_truncate" ON "UnkeyedAuditSeal" RENAME TO "UnkeyedAuditSeal_no_truncate";

-- CreateTable: the keyed chain (HMAC-SHA-256; each seal names its key).
CREATE TABLE "AuditSeal" (
    "seq" BIGINT NOT NULL,
    "auditId" BIGINT NOT NULL,
    "prevHash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "keyId" TEXT NOT NULL,
    "sealedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditSeal_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditSeal_auditId_key" ON "AuditSeal"("auditId");

-- Append-only, like the audit trail itself.
CREATE TRIGGER "AuditSeal_append_only" BEFORE UPDATE OR DELETE ON "AuditSeal"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "AuditSeal_no_truncate" BEFORE TRUNCATE ON "AuditSeal"
  FOR EACH STATEMENT EXECUTE FUNCTION autovest_refuse_change();
