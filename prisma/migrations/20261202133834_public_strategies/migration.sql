-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'STRATEGY_PUBLISHED';
ALTER TYPE "AuditAction" ADD VALUE 'STRATEGY_UNPUBLISHED';

-- AlterTable
ALTER TABLE "ModelPortfolio" ADD COLUMN     "strategyDescription" TEXT,
ADD COLUMN     "strategyPublishedAt" TIMESTAMPTZ(3),
ADD COLUMN     "strategyPublishedById" UUID;

-- AddForeignKey
ALTER TABLE "ModelPortfolio" ADD CONSTRAINT "ModelPortfolio_strategyPublishedById_fkey" FOREIGN KEY ("strategyPublishedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
