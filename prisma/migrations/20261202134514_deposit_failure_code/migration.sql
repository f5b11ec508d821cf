-- AlterTable
ALTER TABLE "Deposit" ADD COLUMN     "failureCode" TEXT;
