-- CreateEnum
CREATE TYPE "AssetClass" AS ENUM ('US_STOCKS', 'DEVELOPED_MARKETS', 'EMERGING_MARKETS', 'US_BONDS', 'TREASURIES', 'INFLATION_PROTECTED', 'REAL_ESTATE', 'GOLD', 'CASH');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'RISK_PROFILE_SUBMITTED';
ALTER TYPE "AuditAction" ADD VALUE 'ACCOUNT_MODEL_CHANGED';

-- AlterTable
ALTER TABLE "InvestmentAccount" ADD COLUMN     "modelVersionId" UUID;

-- CreateTable
CREATE TABLE "Asset" (
    "id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "assetClass" "AssetClass" NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Asset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssetPrice" (
    "assetId" UUID NOT NULL,
    "price" DECIMAL(18,6) NOT NULL,
    "asOf" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "AssetPrice_pkey" PRIMARY KEY ("assetId")
);

-- CreateTable
CREATE TABLE "ModelPortfolio" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "minScore" SMALLINT NOT NULL,
    "maxScore" SMALLINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPortfolio_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "driftBand" DECIMAL(6,4) NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelWeight" (
    "versionId" UUID NOT NULL,
    "assetId" UUID NOT NULL,
    "weight" DECIMAL(7,6) NOT NULL,

    CONSTRAINT "ModelWeight_pkey" PRIMARY KEY ("versionId","assetId")
);

-- CreateTable
CREATE TABLE "RiskProfile" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "answers" JSONB NOT NULL,
    "score" SMALLINT NOT NULL,
    "explanation" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskProfile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Asset_symbol_key" ON "Asset"("symbol");

-- CreateIndex
CREATE UNIQUE INDEX "ModelPortfolio_slug_key" ON "ModelPortfolio"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_modelId_version_key" ON "ModelVersion"("modelId", "version");

-- CreateIndex
CREATE INDEX "RiskProfile_userId_createdAt_idx" ON "RiskProfile"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "InvestmentAccount" ADD CONSTRAINT "InvestmentAccount_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetPrice" ADD CONSTRAINT "AssetPrice_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "ModelPortfolio"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelWeight" ADD CONSTRAINT "ModelWeight_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelWeight" ADD CONSTRAINT "ModelWeight_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskProfile" ADD CONSTRAINT "RiskProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------
-- Hand-written: invariants of models and prices, and the reference data every environment starts with.

ALTER TABLE "AssetPrice" ADD CONSTRAINT "AssetPrice_positive" CHECK ("price" > 0);
ALTER TABLE "ModelWeight" ADD CONSTRAINT "ModelWeight_fraction" CHECK ("weight" >= 0 AND "weight" <= 1);
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_drift_band" CHECK ("driftBand" >= 0.005 AND "driftBand" <= 0.25);
ALTER TABLE "ModelPortfolio" ADD CONSTRAINT "ModelPortfolio_scores"
  CHECK ("minScore" BETWEEN 1 AND 10 AND "maxScore" BETWEEN "minScore" AND 10);
ALTER TABLE "RiskProfile" ADD CONSTRAINT "RiskProfile_score" CHECK ("score" BETWEEN 1 AND 10);

-- A published version never changes (edits publish a new version), and its weights sum to exactly 100%,
-- checked when the transaction that wrote them commits.
CREATE TRIGGER "ModelWeight_immutable" BEFORE UPDATE OR DELETE ON "ModelWeight"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "ModelVersion_immutable" BEFORE UPDATE OR DELETE ON "ModelVersion"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();

CREATE FUNCTION autovest_model_weights_sum() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_total numeric;
BEGIN
  SELECT sum("weight") INTO v_total FROM "ModelWeight" WHERE "versionId" = NEW."versionId";
  IF v_total <> 1 THEN
    RAISE EXCEPTION 'model version % weights sum to % percent, not 100', NEW."versionId", v_total * 100 USING ERRCODE = 'AV003';
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER "ModelWeight_sum" AFTER INSERT ON "ModelWeight"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION autovest_model_weights_sum();

-- The asset universe: real, liquid US-listed ETFs across asset classes.
INSERT INTO "Asset" ("id", "symbol", "name", "assetClass") VALUES
  (gen_random_uuid(), 'VTI', 'Vanguard Total Stock Market ETF', 'US_STOCKS'),
  (gen_random_uuid(), 'VEA', 'Vanguard FTSE Developed Markets ETF', 'DEVELOPED_MARKETS'),
  (gen_random_uuid(), 'VWO', 'Vanguard FTSE Emerging Markets ETF', 'EMERGING_MARKETS'),
  (gen_random_uuid(), 'BND', 'Vanguard Total Bond Market ETF', 'US_BONDS'),
  (gen_random_uuid(), 'IEF', 'iShares 7-10 Year Treasury Bond ETF', 'TREASURIES'),
  (gen_random_uuid(), 'TIP', 'iShares TIPS Bond ETF', 'INFLATION_PROTECTED'),
  (gen_random_uuid(), 'VNQ', 'Vanguard Real Estate ETF', 'REAL_ESTATE'),
  (gen_random_uuid(), 'GLD', 'SPDR Gold Shares', 'GOLD'),
  (gen_random_uuid(), 'SGOV', 'iShares 0-3 Month Treasury Bond ETF', 'CASH');

-- Five models from conservative to aggressive, version 1 of each, 3% drift band.
INSERT INTO "ModelPortfolio" ("id", "slug", "name", "description", "minScore", "maxScore") VALUES
  (gen_random_uuid(), 'conservative', 'Conservative', 'Mostly bonds and cash-like funds: small swings, modest growth.', 1, 2),
  (gen_random_uuid(), 'moderately-conservative', 'Moderately conservative', 'Mostly bonds with some stocks.', 3, 4),
  (gen_random_uuid(), 'balanced', 'Balanced', 'Stocks and bonds in balance.', 5, 6),
  (gen_random_uuid(), 'growth', 'Growth', 'Mostly stocks, with bonds to soften falls.', 7, 8),
  (gen_random_uuid(), 'aggressive', 'Aggressive', 'Almost all stocks, for the longest horizons.', 9, 10);

INSERT INTO "ModelVersion" ("id", "modelId", "version", "driftBand")
SELECT gen_random_uuid(), "id", 1, 0.03 FROM "ModelPortfolio";

INSERT INTO "ModelWeight" ("versionId", "assetId", "weight")
SELECT v."id", a."id", w.weight
FROM (VALUES
  ('conservative', 'SGOV', 0.10), ('conservative', 'BND', 0.35), ('conservative', 'TIP', 0.20),
  ('conservative', 'IEF', 0.10), ('conservative', 'VTI', 0.12), ('conservative', 'VEA', 0.08),
  ('conservative', 'GLD', 0.05),
  ('moderately-conservative', 'SGOV', 0.05), ('moderately-conservative', 'BND', 0.30),
  ('moderately-conservative', 'TIP', 0.10), ('moderately-conservative', 'IEF', 0.05),
  ('moderately-conservative', 'VTI', 0.25), ('moderately-conservative', 'VEA', 0.12),
  ('moderately-conservative', 'VWO', 0.03), ('moderately-conservative', 'VNQ', 0.05),
  ('moderately-conservative', 'GLD', 0.05),
  ('balanced', 'BND', 0.25), ('balanced', 'TIP', 0.05), ('balanced', 'IEF', 0.05), ('balanced', 'VTI', 0.35),
  ('balanced', 'VEA', 0.15), ('balanced', 'VWO', 0.05), ('balanced', 'VNQ', 0.05), ('balanced', 'GLD', 0.05),
  ('growth', 'BND', 0.10), ('growth', 'TIP', 0.03), ('growth', 'VTI', 0.47), ('growth', 'VEA', 0.20),
  ('growth', 'VWO', 0.08), ('growth', 'VNQ', 0.07), ('growth', 'GLD', 0.05),
  ('aggressive', 'VTI', 0.55), ('aggressive', 'VEA', 0.22), ('aggressive', 'VWO', 0.13),
  ('aggressive', 'VNQ', 0.07), ('aggressive', 'GLD', 0.03)
) AS w(slug, symbol, weight)
JOIN "ModelPortfolio" m ON m."slug" = w.slug
JOIN "ModelVersion" v ON v."modelId" = m."id" AND v."version" = 1
JOIN "Asset" a ON a."symbol" = w.symbol;
