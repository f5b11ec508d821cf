-- CreateEnum
CREATE TYPE "EmailTokenPurpose" AS ENUM ('PASSWORD_RESET', 'EMAIL_VERIFICATION', 'EMAIL_CHANGE', 'EMAIL_CHANGE_REPORT');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'USER_SESSION_REVOKED';
ALTER TYPE "AuditAction" ADD VALUE 'USER_SIGNED_OUT_EVERYWHERE';
ALTER TYPE "AuditAction" ADD VALUE 'USER_PASSWORD_CHANGED';
ALTER TYPE "AuditAction" ADD VALUE 'USER_PASSWORD_RESET_REQUESTED';
ALTER TYPE "AuditAction" ADD VALUE 'USER_PASSWORD_RESET';
ALTER TYPE "AuditAction" ADD VALUE 'USER_EMAIL_VERIFIED';
ALTER TYPE "AuditAction" ADD VALUE 'USER_EMAIL_CHANGE_REQUESTED';
ALTER TYPE "AuditAction" ADD VALUE 'USER_EMAIL_CHANGED';
ALTER TYPE "AuditAction" ADD VALUE 'USER_EMAIL_CHANGE_REPORTED';
ALTER TYPE "AuditAction" ADD VALUE 'USER_NEW_DEVICE_SIGNED_IN';

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "lastSeenAt" TIMESTAMPTZ(3);

-- The old fixed-window counters have no meaning in the new scheme (and last 15 minutes at most): start afresh.
DELETE FROM "SignInThrottle";

-- AlterTable
ALTER TABLE "SignInThrottle" DROP COLUMN "failures",
DROP COLUMN "windowStart",
ADD COLUMN     "attempts" INTEGER NOT NULL,
ADD COLUMN     "lastAttemptAt" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailVerifiedAt" TIMESTAMPTZ(3);

-- Accounts opened before verification was asked count as verified (their owners have been using them); only new
-- sign-ups start unverified.
UPDATE "User" SET "emailVerifiedAt" = "createdAt";

-- CreateTable
CREATE TABLE "EmailToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "purpose" "EmailTokenPurpose" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "EmailToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnownDevice" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "deviceHash" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnownDevice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailToken_tokenHash_key" ON "EmailToken"("tokenHash");

-- CreateIndex
CREATE INDEX "EmailToken_userId_purpose_idx" ON "EmailToken"("userId", "purpose");

-- CreateIndex
CREATE UNIQUE INDEX "KnownDevice_userId_deviceHash_key" ON "KnownDevice"("userId", "deviceHash");

-- AddForeignKey
ALTER TABLE "EmailToken" ADD CONSTRAINT "EmailToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnownDevice" ADD CONSTRAINT "KnownDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
