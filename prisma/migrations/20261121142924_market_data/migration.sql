-- CreateTable
CREATE TABLE "PriceBar" (
    "assetId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "open" DECIMAL(18,6) NOT NULL,
    "high" DECIMAL(18,6) NOT NULL,
    "low" DECIMAL(18,6) NOT NULL,
    "close" DECIMAL(18,6) NOT NULL,
    "volume" BIGINT NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL,

    CONSTRAINT "PriceBar_pkey" PRIMARY KEY ("assetId","date")
);

-- CreateTable
CREATE TABLE "PriceTick" (
    "id" BIGSERIAL NOT NULL,
    "assetId" UUID NOT NULL,
    "price" DECIMAL(18,6) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "sources" TEXT[],

    CONSTRAINT "PriceTick_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriceSourceState" (
    "source" TEXT NOT NULL,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "openUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "lastSuccessAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PriceSourceState_pkey" PRIMARY KEY ("source")
);

-- CreateIndex
CREATE INDEX "PriceTick_assetId_at_idx" ON "PriceTick"("assetId", "at");

-- Hand-written: prices are positive and bars consistent.
ALTER TABLE "PriceTick" ADD CONSTRAINT "PriceTick_positive" CHECK ("price" > 0);
ALTER TABLE "PriceBar" ADD CONSTRAINT "PriceBar_consistent" CHECK (
  "low" > 0 AND "low" <= "open" AND "low" <= "close" AND "high" >= "open" AND "high" >= "close" AND "volume" >= 0
);
