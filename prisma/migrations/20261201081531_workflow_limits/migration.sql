-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'WORKFLOW_RUN_CANCELED';
ALTER TYPE "AuditAction" ADD VALUE 'ACCOUNT_RUN_LOCK_RELEASED';
ALTER TYPE "AuditAction" ADD VALUE 'OUTBOX_EVENT_REQUEUED';
ALTER TYPE "AuditAction" ADD VALUE 'DEPOSIT_REFUND_FAILED';

-- DropIndex
DROP INDEX "OutboxEvent_sentAt_createdAt_idx";

-- AlterTable
ALTER TABLE "AccountRunLock" ADD COLUMN     "functionId" TEXT,
ADD COLUMN     "inngestRunId" TEXT;

-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "parkedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "AccountRunQueue" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "eventData" JSONB NOT NULL,
    "queuedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountRunQueue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccountRunQueue_investmentAccountId_createdAt_idx" ON "AccountRunQueue"("investmentAccountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccountRunQueue_investmentAccountId_dedupeKey_key" ON "AccountRunQueue"("investmentAccountId", "dedupeKey");

-- CreateIndex
CREATE INDEX "AccountRunLock_inngestRunId_idx" ON "AccountRunLock"("inngestRunId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_dedupeKey_key" ON "OutboxEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxEvent_sentAt_parkedAt_nextAttemptAt_idx" ON "OutboxEvent"("sentAt", "parkedAt", "nextAttemptAt");
