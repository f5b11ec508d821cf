-- CreateTable
CREATE TABLE "HoldingAdjustment" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "corporateActionId" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "quantityBefore" DECIMAL(24,6) NOT NULL,
    "quantityAfter" DECIMAL(24,6) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HoldingAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HoldingAdjustment_investmentAccountId_createdAt_idx" ON "HoldingAdjustment"("investmentAccountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "HoldingAdjustment_corporateActionId_investmentAccountId_key" ON "HoldingAdjustment"("corporateActionId", "investmentAccountId");

-- AddForeignKey
ALTER TABLE "HoldingAdjustment" ADD CONSTRAINT "HoldingAdjustment_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HoldingAdjustment" ADD CONSTRAINT "HoldingAdjustment_corporateActionId_fkey" FOREIGN KEY ("corporateActionId") REFERENCES "CorporateAction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A record of what happened: never changed or removed.
CREATE TRIGGER "HoldingAdjustment_append_only" BEFORE UPDATE OR DELETE ON "HoldingAdjustment"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
