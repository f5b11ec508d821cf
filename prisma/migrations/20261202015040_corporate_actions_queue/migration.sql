-- CreateEnum
CREATE TYPE "CorporateActionKind" AS ENUM ('SPLIT', 'CASH_DIVIDEND', 'SYMBOL_CHANGE');

-- CreateEnum
CREATE TYPE "PriceFlagStatus" AS ENUM ('OPEN', 'RESOLVED', 'DISMISSED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'CORPORATE_ACTION_PAID';
ALTER TYPE "AuditAction" ADD VALUE 'PRICE_FLAG_DISMISSED';

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'DIVIDEND';

-- DropIndex
DROP INDEX "CorporateAction_symbol_exDate_key";

-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "tradable" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "CorporateAction" ADD COLUMN     "amountPerShare" DECIMAL(18,6),
ADD COLUMN     "kind" "CorporateActionKind" NOT NULL DEFAULT 'SPLIT',
ADD COLUMN     "newSymbol" TEXT,
ADD COLUMN     "paidAt" TIMESTAMPTZ(3),
ADD COLUMN     "payDate" DATE,
ADD COLUMN     "qualified" BOOLEAN,
ADD COLUMN     "recordDate" DATE,
ADD COLUMN     "recordedById" UUID,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'admin',
ALTER COLUMN "fromShares" DROP NOT NULL,
ALTER COLUMN "toShares" DROP NOT NULL;

-- AlterTable
ALTER TABLE "HoldingAdjustment" ADD COLUMN     "memo" TEXT;

-- AlterTable
ALTER TABLE "PriceBar" ADD COLUMN     "adjClose" DECIMAL(18,6);

-- CreateTable
CREATE TABLE "PriceFlag" (
    "id" UUID NOT NULL,
    "symbol" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "previousDate" DATE NOT NULL,
    "previousClose" DECIMAL(18,6) NOT NULL,
    "open" DECIMAL(18,6),
    "close" DECIMAL(18,6) NOT NULL,
    "heldAt" TIMESTAMPTZ(3),
    "suggestedTo" INTEGER NOT NULL,
    "suggestedFrom" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "status" "PriceFlagStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "corporateActionId" UUID,

    CONSTRAINT "PriceFlag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PriceFlag_status_date_idx" ON "PriceFlag"("status", "date");

-- CreateIndex
CREATE UNIQUE INDEX "PriceFlag_symbol_date_key" ON "PriceFlag"("symbol", "date");

-- CreateIndex
CREATE INDEX "CorporateAction_kind_paidAt_payDate_idx" ON "CorporateAction"("kind", "paidAt", "payDate");

-- CreateIndex
CREATE UNIQUE INDEX "CorporateAction_symbol_exDate_kind_key" ON "CorporateAction"("symbol", "exDate", "kind");

-- AddForeignKey
ALTER TABLE "PriceFlag" ADD CONSTRAINT "PriceFlag_corporateActionId_fkey" FOREIGN KEY ("corporateActionId") REFERENCES "CorporateAction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Each kind carries its own fields.
ALTER TABLE "CorporateAction" ADD CONSTRAINT "CorporateAction_shape" CHECK (
  ("kind" = 'SPLIT' AND "fromShares" > 0 AND "toShares" > 0 AND "fromShares" <> "toShares")
  OR ("kind" = 'CASH_DIVIDEND' AND "amountPerShare" > 0 AND "payDate" >= "exDate")
  OR ("kind" = 'SYMBOL_CHANGE' AND "newSymbol" IS NOT NULL AND "newSymbol" <> "symbol"));

-- An account's activity (see 20261201085143_activity_orders_that_did_not_fill): a holding adjustment says what its memo says
-- (a symbol change), otherwise the share counts tell it.
CREATE OR REPLACE FUNCTION account_activity(
  p_account uuid, p_kind text, p_cursor_at timestamptz, p_cursor_source text, p_cursor_ref text, p_limit int
) RETURNS TABLE (
  at timestamptz, source text, ref text, kind text, memo text, amount bigint, symbol text, side text, status text,
  notional bigint, quantity text, before text, after text, reason text
) LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  WITH entries AS (
    SELECT je."createdAt" AS at, 'entry'::text AS source, je."id"::text AS ref, je."kind"::text AS kind, je."memo",
      sum(p."amount")::bigint AS amount
    FROM "LedgerAccount" la
    JOIN "Posting" p ON p."ledgerAccountId" = la."id"
    JOIN "JournalEntry" je ON je."id" = p."entryId"
    WHERE la."investmentAccountId" = p_account AND (p_kind IS NULL OR je."kind"::text = p_kind)
    GROUP BY je."id"
    HAVING sum(p."amount") <> 0
  ), activity AS (
    SELECT e.at, e.source, e.ref, e.kind, e.memo, e.amount, NULL::text AS symbol, NULL::text AS side, NULL::text AS status,
      NULL::bigint AS notional, NULL::text AS quantity, NULL::text AS before, NULL::text AS after, NULL::text AS reason
    FROM entries e
    UNION ALL
    SELECT o."updatedAt", 'order', o."id"::text, 'ORDER', NULL, 0::bigint, o."symbol", o."side"::text, o."status"::text,
      o."notional", o."quantity"::text, NULL, NULL, o."rejectReason"
    FROM "Order" o
    WHERE o."investmentAccountId" = p_account AND o."status" IN ('REJECTED', 'CANCELED', 'EXPIRED')
      AND coalesce(o."filledQuantity", 0) = 0 AND (p_kind IS NULL OR p_kind = 'ORDER')
    UNION ALL
    SELECT a."createdAt", 'adjustment', a."id"::text, 'CORPORATE_ACTION', a."memo", 0::bigint, a."symbol", NULL, NULL,
      NULL, NULL, a."quantityBefore"::text, a."quantityAfter"::text, NULL
    FROM "HoldingAdjustment" a
    WHERE a."investmentAccountId" = p_account AND (p_kind IS NULL OR p_kind = 'CORPORATE_ACTION')
  )
  SELECT * FROM activity x
  WHERE p_cursor_at IS NULL OR (x.at, x.source, x.ref) < (p_cursor_at, p_cursor_source, p_cursor_ref)
  ORDER BY x.at DESC, x.source DESC, x.ref DESC
  LIMIT p_limit;
END
$$;
