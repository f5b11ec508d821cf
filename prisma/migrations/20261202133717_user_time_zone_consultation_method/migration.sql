-- CreateEnum
CREATE TYPE "ConsultationMethod" AS ENUM ('PHONE', 'VIDEO');

-- AlterTable
ALTER TABLE "ConsultationSlot" ADD COLUMN     "method" "ConsultationMethod" NOT NULL DEFAULT 'PHONE',
ADD COLUMN     "methodDetail" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "timeZone" TEXT;
