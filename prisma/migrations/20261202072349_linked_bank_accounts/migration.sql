-- CreateEnum
CREATE TYPE "BankAccountStatus" AS ENUM ('PENDING_VERIFICATION', 'VERIFIED', 'FAILED', 'REMOVED');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "stripeCustomerId" TEXT;

-- CreateTable
CREATE TABLE "LinkedBankAccount" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "stripePaymentMethodId" TEXT,
    "stripeSetupIntentId" TEXT,
    "bankName" TEXT NOT NULL,
    "last4" CHAR(4) NOT NULL,
    "accountType" TEXT NOT NULL,
    "status" "BankAccountStatus" NOT NULL DEFAULT 'PENDING_VERIFICATION',
    "testMode" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verifiedAt" TIMESTAMPTZ(3),
    "removedAt" TIMESTAMPTZ(3),

    CONSTRAINT "LinkedBankAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LinkedBankAccount_stripePaymentMethodId_key" ON "LinkedBankAccount"("stripePaymentMethodId");

-- CreateIndex
CREATE UNIQUE INDEX "LinkedBankAccount_stripeSetupIntentId_key" ON "LinkedBankAccount"("stripeSetupIntentId");

-- CreateIndex
CREATE INDEX "LinkedBankAccount_userId_idx" ON "LinkedBankAccount"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "User_stripeCustomerId_key" ON "User"("stripeCustomerId");

-- AddForeignKey
ALTER TABLE "LinkedBankAccount" ADD CONSTRAINT "LinkedBankAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
