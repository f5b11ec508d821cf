-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'KYC_DATA_RESEALED';

-- AlterTable
ALTER TABLE "KycProfile" ADD COLUMN     "documentKeyId" TEXT;
