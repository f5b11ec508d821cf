-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'PORTFOLIO_CHOSEN';

-- CreateTable
CREATE TABLE "PortfolioChoice" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "chosenSlug" TEXT NOT NULL,
    "recommendedSlug" TEXT NOT NULL,
    "riskScore" INTEGER NOT NULL,
    "levelsAbove" INTEGER NOT NULL,
    "acknowledgedRisk" BOOLEAN NOT NULL,
    "proposalId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PortfolioChoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PortfolioChoice_investmentAccountId_createdAt_idx" ON "PortfolioChoice"("investmentAccountId", "createdAt");

-- AddForeignKey
ALTER TABLE "PortfolioChoice" ADD CONSTRAINT "PortfolioChoice_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
