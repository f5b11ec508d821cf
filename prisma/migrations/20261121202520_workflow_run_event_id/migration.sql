-- AlterTable
ALTER TABLE "WorkflowRun" ADD COLUMN     "eventId" TEXT;
