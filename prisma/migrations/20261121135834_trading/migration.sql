-- CreateEnum
CREATE TYPE "OrderSide" AS ENUM ('BUY', 'SELL');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('PLANNED', 'OPEN', 'FILLED', 'CANCELED', 'REJECTED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'ORDER_FILLED';
ALTER TYPE "AuditAction" ADD VALUE 'INVESTMENT_COMPLETED';
ALTER TYPE "AuditAction" ADD VALUE 'TRADING_HALTED';
ALTER TYPE "AuditAction" ADD VALUE 'TRADING_RESUMED';

-- CreateTable
CREATE TABLE "Order" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "runId" TEXT NOT NULL,
    "clientOrderId" TEXT NOT NULL,
    "brokerOrderId" TEXT,
    "symbol" TEXT NOT NULL,
    "side" "OrderSide" NOT NULL,
    "notional" BIGINT,
    "quantity" DECIMAL(24,6),
    "status" "OrderStatus" NOT NULL DEFAULT 'PLANNED',
    "filledQuantity" DECIMAL(24,6),
    "filledPrice" DECIMAL(18,6),
    "filledNotional" BIGINT,
    "rejectReason" TEXT,
    "settledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Holding" (
    "investmentAccountId" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "quantity" DECIMAL(24,6) NOT NULL,
    "costBasis" BIGINT NOT NULL,

    CONSTRAINT "Holding_pkey" PRIMARY KEY ("investmentAccountId","symbol")
);

-- CreateTable
CREATE TABLE "TaxLot" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "orderId" UUID NOT NULL,
    "acquiredAt" TIMESTAMPTZ(3) NOT NULL,
    "quantity" DECIMAL(24,6) NOT NULL,
    "remainingQuantity" DECIMAL(24,6) NOT NULL,
    "costPerShare" DECIMAL(18,6) NOT NULL,

    CONSTRAINT "TaxLot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountRunLock" (
    "investmentAccountId" UUID NOT NULL,
    "runId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "acquiredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountRunLock_pkey" PRIMARY KEY ("investmentAccountId")
);

-- CreateTable
CREATE TABLE "PlatformSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedBy" UUID,

    CONSTRAINT "PlatformSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SimulatedBrokerOrder" (
    "id" UUID NOT NULL,
    "clientOrderId" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" "OrderSide" NOT NULL,
    "notional" BIGINT,
    "quantity" DECIMAL(24,6),
    "status" TEXT NOT NULL,
    "filledQuantity" DECIMAL(24,6),
    "filledPrice" DECIMAL(18,6),
    "filledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SimulatedBrokerOrder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Order_clientOrderId_key" ON "Order"("clientOrderId");

-- CreateIndex
CREATE INDEX "Order_investmentAccountId_createdAt_idx" ON "Order"("investmentAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "Order_runId_idx" ON "Order"("runId");

-- CreateIndex
CREATE INDEX "TaxLot_investmentAccountId_symbol_idx" ON "TaxLot"("investmentAccountId", "symbol");

-- CreateIndex
CREATE UNIQUE INDEX "SimulatedBrokerOrder_clientOrderId_key" ON "SimulatedBrokerOrder"("clientOrderId");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Holding" ADD CONSTRAINT "Holding_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaxLot" ADD CONSTRAINT "TaxLot_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------
-- Hand-written: what an order, a holding and a lot may look like.
ALTER TABLE "Order" ADD CONSTRAINT "Order_amount" CHECK (
  ("side" = 'BUY' AND "notional" > 0 AND "quantity" IS NULL) OR ("side" = 'SELL' AND "quantity" > 0 AND "notional" IS NULL)
);
ALTER TABLE "Holding" ADD CONSTRAINT "Holding_quantity" CHECK ("quantity" >= 0 AND "costBasis" >= 0);
ALTER TABLE "TaxLot" ADD CONSTRAINT "TaxLot_quantity" CHECK ("remainingQuantity" >= 0 AND "remainingQuantity" <= "quantity" AND "costPerShare" > 0);
