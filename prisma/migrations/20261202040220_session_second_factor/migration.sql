-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "secondFactorAt" TIMESTAMPTZ(3),
ADD COLUMN     "secondFactorPending" BOOLEAN NOT NULL DEFAULT false;
