-- CreateEnum
CREATE TYPE "FeeBillStatus" AS ENUM ('NOTHING_DUE', 'BILLED', 'PARTIALLY_COLLECTED', 'COLLECTED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'FEE_SCHEDULE_SAVED';
ALTER TYPE "AuditAction" ADD VALUE 'FEE_SCHEDULE_ASSIGNED';
ALTER TYPE "AuditAction" ADD VALUE 'FEE_WAIVER_GRANTED';
ALTER TYPE "AuditAction" ADD VALUE 'FEE_BILLING_REQUESTED';
ALTER TYPE "AuditAction" ADD VALUE 'FEES_BILLED';
ALTER TYPE "AuditAction" ADD VALUE 'FEE_COLLECTED';

-- CreateTable
CREATE TABLE "FeeSchedule" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tiers" JSONB NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FeeSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeeAssignment" (
    "userId" UUID NOT NULL,
    "scheduleId" UUID NOT NULL,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeeAssignment_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "FeeWaiver" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "from" DATE NOT NULL,
    "to" DATE NOT NULL,
    "fraction" DECIMAL(5,4) NOT NULL,
    "reason" TEXT NOT NULL,
    "grantedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeeWaiver_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeeAccrual" (
    "investmentAccountId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "value" BIGINT NOT NULL,
    "householdValue" BIGINT NOT NULL,
    "scheduleId" UUID NOT NULL,
    "annualFee" DECIMAL(24,10) NOT NULL,
    "amount" DECIMAL(24,10) NOT NULL,
    "waived" DECIMAL(5,4) NOT NULL DEFAULT 0,

    CONSTRAINT "FeeAccrual_pkey" PRIMARY KEY ("investmentAccountId","day")
);

-- CreateTable
CREATE TABLE "FeeAccrualDay" (
    "day" DATE NOT NULL,
    "accounts" INTEGER NOT NULL,
    "accruedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeeAccrualDay_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "FeeBill" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "month" CHAR(7) NOT NULL,
    "amount" BIGINT NOT NULL,
    "collected" BIGINT NOT NULL DEFAULT 0,
    "yearToDateBasis" DECIMAL(30,10) NOT NULL,
    "billedYearToDate" BIGINT NOT NULL,
    "status" "FeeBillStatus" NOT NULL,
    "entryId" BIGINT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "collectedAt" TIMESTAMPTZ(3),

    CONSTRAINT "FeeBill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FeeSchedule_name_key" ON "FeeSchedule"("name");

-- CreateIndex
CREATE INDEX "FeeAssignment_scheduleId_idx" ON "FeeAssignment"("scheduleId");

-- CreateIndex
CREATE INDEX "FeeWaiver_userId_from_idx" ON "FeeWaiver"("userId", "from");

-- CreateIndex
CREATE INDEX "FeeBill_month_status_idx" ON "FeeBill"("month", "status");

-- CreateIndex
CREATE UNIQUE INDEX "FeeBill_investmentAccountId_month_key" ON "FeeBill"("investmentAccountId", "month");

-- AddForeignKey
ALTER TABLE "FeeAssignment" ADD CONSTRAINT "FeeAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeeAssignment" ADD CONSTRAINT "FeeAssignment_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "FeeSchedule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeeWaiver" ADD CONSTRAINT "FeeWaiver_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeeAccrual" ADD CONSTRAINT "FeeAccrual_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeeBill" ADD CONSTRAINT "FeeBill_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- At most one default schedule.
CREATE UNIQUE INDEX "FeeSchedule_one_default" ON "FeeSchedule" ("isDefault") WHERE "isDefault";

-- Bills never collect more than they bill, nor less than nothing.
ALTER TABLE "FeeBill" ADD CONSTRAINT "FeeBill_collected_range" CHECK ("collected" >= 0 AND "collected" <= "amount" AND "amount" >= 0);

-- The default schedule: 0.25 % a year on everything (admins edit it and add bands on /admin/fees).
INSERT INTO "FeeSchedule" ("id", "name", "tiers", "isDefault", "updatedAt")
VALUES ('01900000-0000-7000-8000-00000000fee0', 'Standard', '[{"from": "0", "annualRate": "0.0025"}]', true, CURRENT_TIMESTAMP);
