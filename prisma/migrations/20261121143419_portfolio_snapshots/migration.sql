-- CreateTable
CREATE TABLE "PortfolioSnapshot" (
    "investmentAccountId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "marketValue" BIGINT NOT NULL,
    "cash" BIGINT NOT NULL,
    "netFlow" BIGINT NOT NULL,

    CONSTRAINT "PortfolioSnapshot_pkey" PRIMARY KEY ("investmentAccountId","date")
);
