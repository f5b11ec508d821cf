-- CreateEnum
CREATE TYPE "ModelChangeStatus" AS ENUM ('PROPOSED', 'CONFIRMED', 'CANCELLED', 'EXPIRED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'MODEL_CHANGE_PROPOSED';
ALTER TYPE "AuditAction" ADD VALUE 'MODEL_CHANGE_CONFIRMED';
ALTER TYPE "AuditAction" ADD VALUE 'MODEL_CHANGE_DECLINED';
ALTER TYPE "AuditAction" ADD VALUE 'MODEL_MIGRATION_CANCELED';

-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "migrateAt" TIMESTAMPTZ(3),
ADD COLUMN     "migrationCanceledAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ModelChangeProposal" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "fromVersionId" UUID,
    "toVersionId" UUID NOT NULL,
    "requestedById" UUID NOT NULL,
    "reason" TEXT,
    "preview" JSONB NOT NULL,
    "status" "ModelChangeStatus" NOT NULL DEFAULT 'PROPOSED',
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelChangeProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelChangeProposal_investmentAccountId_createdAt_idx" ON "ModelChangeProposal"("investmentAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "ModelChangeProposal_requestedById_idx" ON "ModelChangeProposal"("requestedById");

-- AddForeignKey
ALTER TABLE "ModelChangeProposal" ADD CONSTRAINT "ModelChangeProposal_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelChangeProposal" ADD CONSTRAINT "ModelChangeProposal_fromVersionId_fkey" FOREIGN KEY ("fromVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelChangeProposal" ADD CONSTRAINT "ModelChangeProposal_toVersionId_fkey" FOREIGN KEY ("toVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelChangeProposal" ADD CONSTRAINT "ModelChangeProposal_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------
-- Hand-written: a version's scheduled migration can be called off (migrationCanceledAt); nothing else of a
-- published version changes (list a new column here unless it too may change after publishing).
DROP TRIGGER "ModelVersion_immutable" ON "ModelVersion";
CREATE TRIGGER "ModelVersion_immutable" BEFORE UPDATE OF "id", "modelId", "version", "driftBand", "publishedAt", "migrateAt" OR DELETE ON "ModelVersion"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
