-- CreateEnum
CREATE TYPE "HoldingTerm" AS ENUM ('SHORT', 'LONG');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('STATEMENT', 'TRADE_CONFIRMATION');

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'STATEMENTS_REQUESTED';

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'DOCUMENT';

-- CreateTable
CREATE TABLE "LotDisposal" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "quantity" DECIMAL(24,6) NOT NULL,
    "proceeds" BIGINT NOT NULL,
    "basis" BIGINT NOT NULL,
    "gain" BIGINT NOT NULL,
    "term" "HoldingTerm" NOT NULL,
    "soldAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LotDisposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "monthToDate" BOOLEAN NOT NULL DEFAULT false,
    "content" BYTEA NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LotDisposal_investmentAccountId_soldAt_idx" ON "LotDisposal"("investmentAccountId", "soldAt");

-- CreateIndex
CREATE UNIQUE INDEX "LotDisposal_orderId_lotId_key" ON "LotDisposal"("orderId", "lotId");

-- CreateIndex
CREATE INDEX "Document_investmentAccountId_createdAt_idx" ON "Document"("investmentAccountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Document_investmentAccountId_kind_periodStart_monthToDate_key" ON "Document"("investmentAccountId", "kind", "periodStart", "monthToDate");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Realised gains and kept documents are records: the database refuses to change or remove them.
CREATE TRIGGER "LotDisposal_append_only" BEFORE UPDATE OR DELETE ON "LotDisposal"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "LotDisposal_no_truncate" BEFORE TRUNCATE ON "LotDisposal"
  FOR EACH STATEMENT EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "Document_append_only" BEFORE UPDATE OR DELETE ON "Document"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "Document_no_truncate" BEFORE TRUNCATE ON "Document"
  FOR EACH STATEMENT EXECUTE FUNCTION autovest_refuse_change();
