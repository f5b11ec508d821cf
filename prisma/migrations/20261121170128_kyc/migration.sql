-- CreateEnum
CREATE TYPE "KycStatus" AS ENUM ('PENDING_REVIEW', 'APPROVED', 'REJECTED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'KYC_SUBMITTED';
ALTER TYPE "AuditAction" ADD VALUE 'KYC_APPROVED';
ALTER TYPE "AuditAction" ADD VALUE 'KYC_REJECTED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "advisorId" UUID;

-- CreateTable
CREATE TABLE "KycProfile" (
    "userId" UUID NOT NULL,
    "status" "KycStatus" NOT NULL,
    "legalName" TEXT NOT NULL,
    "addressLine1" TEXT NOT NULL,
    "addressLine2" TEXT,
    "city" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "postalCode" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "taxIdSealed" TEXT NOT NULL,
    "taxIdLast4" CHAR(4) NOT NULL,
    "dateOfBirthSealed" TEXT NOT NULL,
    "documentKey" TEXT NOT NULL,
    "documentType" TEXT NOT NULL,
    "documentSha256" TEXT NOT NULL,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewedById" UUID,
    "rejectionReason" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "KycProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "KycProfile_status_submittedAt_idx" ON "KycProfile"("status", "submittedAt");

-- CreateIndex
CREATE INDEX "User_advisorId_idx" ON "User"("advisorId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_advisorId_fkey" FOREIGN KEY ("advisorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KycProfile" ADD CONSTRAINT "KycProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KycProfile" ADD CONSTRAINT "KycProfile_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
