-- CreateEnum
CREATE TYPE "WithdrawalStatus" AS ENUM ('REQUESTED', 'AWAITING_APPROVAL', 'SELLING', 'SETTLING', 'PAYING', 'PAID', 'FAILED', 'RETURNED', 'CANCELLED', 'REJECTED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_REQUESTED';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_APPROVED';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_REJECTED';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_CANCELLED';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_SELLING';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_SETTLING';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_PAYING';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_PAID';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_FAILED';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_RETURNED';
ALTER TYPE "AuditAction" ADD VALUE 'WITHDRAWAL_APPROVAL_LIMIT_CHANGED';

-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "withdrawalId" UUID;

-- CreateTable
CREATE TABLE "Withdrawal" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "bankAccountId" UUID NOT NULL,
    "requestedAmount" BIGINT,
    "everything" BOOLEAN NOT NULL DEFAULT false,
    "currency" CHAR(3) NOT NULL,
    "heldAmount" BIGINT NOT NULL DEFAULT 0,
    "paidAmount" BIGINT,
    "status" "WithdrawalStatus" NOT NULL DEFAULT 'REQUESTED',
    "requestKey" TEXT NOT NULL,
    "preview" JSONB NOT NULL,
    "approvalReason" TEXT,
    "approvedById" UUID,
    "approvedAt" TIMESTAMPTZ(3),
    "rejectedById" UUID,
    "rejectedAt" TIMESTAMPTZ(3),
    "rejectionReason" TEXT,
    "saleRounds" INTEGER NOT NULL DEFAULT 0,
    "settlesAt" TIMESTAMPTZ(3),
    "stripePaymentId" TEXT,
    "testMode" BOOLEAN NOT NULL DEFAULT false,
    "failureReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "paidAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Withdrawal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Withdrawal_requestKey_key" ON "Withdrawal"("requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "Withdrawal_stripePaymentId_key" ON "Withdrawal"("stripePaymentId");

-- CreateIndex
CREATE INDEX "Withdrawal_investmentAccountId_createdAt_idx" ON "Withdrawal"("investmentAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "Withdrawal_bankAccountId_idx" ON "Withdrawal"("bankAccountId");

-- CreateIndex
CREATE INDEX "Withdrawal_status_idx" ON "Withdrawal"("status");

-- CreateIndex
CREATE INDEX "StripeEvent_withdrawalId_idx" ON "StripeEvent"("withdrawalId");

-- AddForeignKey
ALTER TABLE "Withdrawal" ADD CONSTRAINT "Withdrawal_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Withdrawal" ADD CONSTRAINT "Withdrawal_bankAccountId_fkey" FOREIGN KEY ("bankAccountId") REFERENCES "LinkedBankAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
