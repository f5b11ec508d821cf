-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('DEPOSIT', 'INVESTMENT', 'KYC', 'REBALANCE', 'LARGE_MOVE', 'CONSULTATION', 'WITHDRAWAL');

-- CreateEnum
CREATE TYPE "WorkflowRunStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'ACCESS_DENIED';
ALTER TYPE "AuditAction" ADD VALUE 'ADVISOR_NOTE_ADDED';
ALTER TYPE "AuditAction" ADD VALUE 'REBALANCE_REQUESTED';
ALTER TYPE "AuditAction" ADD VALUE 'MODEL_PUBLISHED';
ALTER TYPE "AuditAction" ADD VALUE 'MODEL_PERMISSION_CHANGED';
ALTER TYPE "AuditAction" ADD VALUE 'WORKFLOW_RUN_RETRIED';
ALTER TYPE "AuditAction" ADD VALUE 'AUDIT_TRAIL_EXPORTED';
ALTER TYPE "AuditAction" ADD VALUE 'CONSULTATION_SLOT_PUBLISHED';
ALTER TYPE "AuditAction" ADD VALUE 'CONSULTATION_SLOT_WITHDRAWN';
ALTER TYPE "AuditAction" ADD VALUE 'CONSULTATION_BOOKED';
ALTER TYPE "AuditAction" ADD VALUE 'CONSULTATION_CANCELED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "canManageModels" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AuditSeal" (
    "seq" BIGINT NOT NULL,
    "auditId" BIGINT NOT NULL,
    "prevHash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "sealedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditSeal_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "AdvisorNote" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdvisorNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationSlot" (
    "id" UUID NOT NULL,
    "advisorId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "investorId" UUID,
    "topic" TEXT,
    "bookedAt" TIMESTAMPTZ(3),
    "withdrawnAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsultationSlot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),
    "emailedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowRun" (
    "runId" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "eventData" JSONB NOT NULL,
    "status" "WorkflowRunStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "retriedAt" TIMESTAMPTZ(3),
    "retryEventId" TEXT,
    "retriedById" UUID,

    CONSTRAINT "WorkflowRun_pkey" PRIMARY KEY ("runId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditSeal_auditId_key" ON "AuditSeal"("auditId");

-- CreateIndex
CREATE INDEX "AdvisorNote_clientId_createdAt_idx" ON "AdvisorNote"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "ConsultationSlot_advisorId_startsAt_idx" ON "ConsultationSlot"("advisorId", "startsAt");

-- CreateIndex
CREATE INDEX "ConsultationSlot_investorId_startsAt_idx" ON "ConsultationSlot"("investorId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowRun_retryEventId_key" ON "WorkflowRun"("retryEventId");

-- CreateIndex
CREATE INDEX "WorkflowRun_status_startedAt_idx" ON "WorkflowRun"("status", "startedAt");

-- CreateIndex
CREATE INDEX "WorkflowRun_functionId_startedAt_idx" ON "WorkflowRun"("functionId", "startedAt");

-- AddForeignKey
ALTER TABLE "AdvisorNote" ADD CONSTRAINT "AdvisorNote_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdvisorNote" ADD CONSTRAINT "AdvisorNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationSlot" ADD CONSTRAINT "ConsultationSlot_advisorId_fkey" FOREIGN KEY ("advisorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationSlot" ADD CONSTRAINT "ConsultationSlot_investorId_fkey" FOREIGN KEY ("investorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The chain and the notes are append-only, like the audit trail itself.
CREATE TRIGGER "AuditSeal_append_only" BEFORE UPDATE OR DELETE ON "AuditSeal"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "AuditSeal_no_truncate" BEFORE TRUNCATE ON "AuditSeal"
  FOR EACH STATEMENT EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "AdvisorNote_append_only" BEFORE UPDATE OR DELETE ON "AdvisorNote"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
