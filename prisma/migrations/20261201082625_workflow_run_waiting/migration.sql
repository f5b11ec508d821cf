-- AlterEnum
ALTER TYPE "WorkflowRunStatus" ADD VALUE 'CANCELLED';

-- AlterTable
ALTER TABLE "WorkflowRun" ADD COLUMN     "waitingFor" TEXT;
