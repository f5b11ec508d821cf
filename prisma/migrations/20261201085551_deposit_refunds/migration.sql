-- CreateEnum
CREATE TYPE "DepositRefundStatus" AS ENUM ('PENDING', 'REQUIRES_ACTION', 'SUCCEEDED', 'FAILED', 'CANCELED');

-- AlterTable
ALTER TABLE "Deposit" ADD COLUMN     "untrackedRefundsBefore" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "DepositRefund" (
    "stripeRefundId" TEXT NOT NULL,
    "depositId" UUID,
    "stripePaymentIntentId" TEXT,
    "stripeChargeId" TEXT,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "DepositRefundStatus" NOT NULL,
    "failureReason" TEXT,
    "takenAt" TIMESTAMPTZ(3),
    "restoredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DepositRefund_pkey" PRIMARY KEY ("stripeRefundId")
);

-- CreateIndex
CREATE INDEX "DepositRefund_depositId_idx" ON "DepositRefund"("depositId");

-- CreateIndex
CREATE INDEX "DepositRefund_stripePaymentIntentId_idx" ON "DepositRefund"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "DepositRefund_stripeChargeId_idx" ON "DepositRefund"("stripeChargeId");

-- AddForeignKey
ALTER TABLE "DepositRefund" ADD CONSTRAINT "DepositRefund_depositId_fkey" FOREIGN KEY ("depositId") REFERENCES "Deposit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Money moves only for a refund matched to its deposit, and is given back only after it was taken.
ALTER TABLE "DepositRefund" ADD CONSTRAINT "DepositRefund_money_follows_deposit" CHECK (
    ("takenAt" IS NULL OR "depositId" IS NOT NULL) AND ("restoredAt" IS NULL OR "takenAt" IS NOT NULL)
);

-- Refunds already taken by charge.refunded's running total have no id here: mark when tracking began.
UPDATE "Deposit" SET "untrackedRefundsBefore" = now() WHERE "refundedAmount" > 0;
