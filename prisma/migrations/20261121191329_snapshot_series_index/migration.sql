-- CreateIndex
CREATE INDEX "PortfolioSnapshot_series_idx" ON "PortfolioSnapshot"("investmentAccountId", "date", "marketValue", "cash", "netFlow");
