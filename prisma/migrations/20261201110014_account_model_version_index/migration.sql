-- CreateIndex
CREATE INDEX "InvestmentAccount_modelVersionId_id_idx" ON "InvestmentAccount"("modelVersionId", "id");
