-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'CORPORATE_ACTION_RECORDED';
ALTER TYPE "AuditAction" ADD VALUE 'CORPORATE_ACTION_APPLIED';

-- CreateTable
CREATE TABLE "CorporateAction" (
    "id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "exDate" DATE NOT NULL,
    "fromShares" INTEGER NOT NULL,
    "toShares" INTEGER NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CorporateAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CorporateAction_symbol_exDate_key" ON "CorporateAction"("symbol", "exDate");

-- Hand-written: a split changes the share count by a real ratio.
ALTER TABLE "CorporateAction" ADD CONSTRAINT "CorporateAction_ratio" CHECK ("fromShares" > 0 AND "toShares" > 0 AND "fromShares" <> "toShares");
