-- CreateEnum
CREATE TYPE "RecurringFrequency" AS ENUM ('WEEKLY', 'BIWEEKLY', 'MONTHLY');

-- CreateEnum
CREATE TYPE "RecurringDepositStatus" AS ENUM ('ACTIVE', 'PAUSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RecurringPeriodStatus" AS ENUM ('SKIPPED', 'DEBITING', 'RETRY_SCHEDULED', 'SUCCEEDED', 'FAILED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'BANK_ACCOUNT_LINKED';
ALTER TYPE "AuditAction" ADD VALUE 'BANK_ACCOUNT_FAILED';
ALTER TYPE "AuditAction" ADD VALUE 'BANK_ACCOUNT_REMOVED';
ALTER TYPE "AuditAction" ADD VALUE 'RECURRING_DEPOSIT_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'RECURRING_DEPOSIT_CHANGED';
ALTER TYPE "AuditAction" ADD VALUE 'RECURRING_DEPOSIT_SKIPPED';
ALTER TYPE "AuditAction" ADD VALUE 'RECURRING_DEPOSIT_PAUSED';
ALTER TYPE "AuditAction" ADD VALUE 'RECURRING_DEPOSIT_RESUMED';
ALTER TYPE "AuditAction" ADD VALUE 'RECURRING_DEPOSIT_CANCELLED';
ALTER TYPE "AuditAction" ADD VALUE 'RECURRING_DEPOSIT_PERIOD_FAILED';

-- AlterTable
ALTER TABLE "Deposit" ADD COLUMN     "recurringAttempt" INTEGER,
ADD COLUMN     "recurringPeriodId" UUID;

-- AlterTable
ALTER TABLE "LinkedBankAccount" ADD COLUMN     "testBehaviour" TEXT;

-- CreateTable
CREATE TABLE "RecurringDeposit" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "bankAccountId" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "frequency" "RecurringFrequency" NOT NULL,
    "weekday" INTEGER,
    "dayOfMonth" INTEGER,
    "status" "RecurringDepositStatus" NOT NULL DEFAULT 'ACTIVE',
    "nextPeriodDate" DATE,
    "nextRunAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "timeScaleSeconds" INTEGER,
    "scaleAnchorAt" TIMESTAMPTZ(3),
    "scaleAnchorDate" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "cancelledAt" TIMESTAMPTZ(3),

    CONSTRAINT "RecurringDeposit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecurringDepositPeriod" (
    "id" UUID NOT NULL,
    "scheduleId" UUID NOT NULL,
    "periodDate" DATE NOT NULL,
    "status" "RecurringPeriodStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failureMessage" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RecurringDepositPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecurringDeposit_investmentAccountId_idx" ON "RecurringDeposit"("investmentAccountId");

-- CreateIndex
CREATE INDEX "RecurringDeposit_bankAccountId_idx" ON "RecurringDeposit"("bankAccountId");

-- CreateIndex
CREATE INDEX "RecurringDeposit_status_nextRunAt_idx" ON "RecurringDeposit"("status", "nextRunAt");

-- CreateIndex
CREATE UNIQUE INDEX "RecurringDepositPeriod_scheduleId_periodDate_key" ON "RecurringDepositPeriod"("scheduleId", "periodDate");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_recurringPeriodId_recurringAttempt_key" ON "Deposit"("recurringPeriodId", "recurringAttempt");

-- AddForeignKey
ALTER TABLE "Deposit" ADD CONSTRAINT "Deposit_recurringPeriodId_fkey" FOREIGN KEY ("recurringPeriodId") REFERENCES "RecurringDepositPeriod"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecurringDeposit" ADD CONSTRAINT "RecurringDeposit_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecurringDeposit" ADD CONSTRAINT "RecurringDeposit_bankAccountId_fkey" FOREIGN KEY ("bankAccountId") REFERENCES "LinkedBankAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecurringDepositPeriod" ADD CONSTRAINT "RecurringDepositPeriod_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "RecurringDeposit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
