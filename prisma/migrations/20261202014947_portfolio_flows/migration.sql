-- CreateTable
CREATE TABLE "PortfolioFlow" (
    "entryId" BIGINT NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "amount" BIGINT NOT NULL,
    "valueBefore" BIGINT NOT NULL,

    CONSTRAINT "PortfolioFlow_pkey" PRIMARY KEY ("entryId","investmentAccountId")
);

-- CreateIndex
CREATE INDEX "PortfolioFlow_series_idx" ON "PortfolioFlow"("investmentAccountId", "at", "amount", "valueBefore");
