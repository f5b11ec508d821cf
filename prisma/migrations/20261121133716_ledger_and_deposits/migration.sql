-- CreateEnum
CREATE TYPE "InvestmentAccountType" AS ENUM ('TAXABLE', 'IRA', 'ROTH_IRA');

-- CreateEnum
CREATE TYPE "InvestmentAccountStatus" AS ENUM ('ACTIVE', 'RESTRICTED');

-- CreateEnum
CREATE TYPE "LedgerAccountKind" AS ENUM ('INVESTOR_CASH', 'INVESTOR_CASH_HELD', 'INVESTOR_OWED', 'STRIPE_CLEARING', 'BROKER_CLEARING', 'PLATFORM_REVENUE');

-- CreateEnum
CREATE TYPE "JournalEntryKind" AS ENUM ('DEPOSIT', 'REFUND', 'DISPUTE', 'TRADE', 'FEE', 'DIVIDEND', 'WITHDRAWAL', 'REVERSAL', 'TRANSFER');

-- CreateEnum
CREATE TYPE "DepositMethod" AS ENUM ('CARD', 'US_BANK_ACCOUNT');

-- CreateEnum
CREATE TYPE "DepositStatus" AS ENUM ('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'DISPUTED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'INVESTMENT_ACCOUNT_OPENED';
ALTER TYPE "AuditAction" ADD VALUE 'DEPOSIT_REQUESTED';
ALTER TYPE "AuditAction" ADD VALUE 'DEPOSIT_PROCESSING';
ALTER TYPE "AuditAction" ADD VALUE 'DEPOSIT_SUCCEEDED';
ALTER TYPE "AuditAction" ADD VALUE 'DEPOSIT_FAILED';
ALTER TYPE "AuditAction" ADD VALUE 'DEPOSIT_REFUNDED';
ALTER TYPE "AuditAction" ADD VALUE 'DEPOSIT_DISPUTED';
ALTER TYPE "AuditAction" ADD VALUE 'DEPOSIT_DISPUTE_WON';
ALTER TYPE "AuditAction" ADD VALUE 'DEPOSIT_DISPUTE_LOST';
ALTER TYPE "AuditAction" ADD VALUE 'STRIPE_EVENT_REJECTED';
ALTER TYPE "AuditAction" ADD VALUE 'ACCOUNT_RESTRICTED';
ALTER TYPE "AuditAction" ADD VALUE 'ACCOUNT_UNRESTRICTED';

-- CreateTable
CREATE TABLE "InvestmentAccount" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "type" "InvestmentAccountType" NOT NULL DEFAULT 'TAXABLE',
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "status" "InvestmentAccountStatus" NOT NULL DEFAULT 'ACTIVE',
    "restrictedReason" TEXT,
    "flaggedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvestmentAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerAccount" (
    "id" BIGSERIAL NOT NULL,
    "kind" "LedgerAccountKind" NOT NULL,
    "investmentAccountId" UUID,
    "shard" SMALLINT NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "version" BIGINT NOT NULL DEFAULT 0,
    "allowNegative" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JournalEntry" (
    "id" BIGSERIAL NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" "JournalEntryKind" NOT NULL,
    "causeType" TEXT,
    "causeId" TEXT,
    "memo" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JournalEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Posting" (
    "id" BIGSERIAL NOT NULL,
    "entryId" BIGINT NOT NULL,
    "ledgerAccountId" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "balanceAfter" BIGINT NOT NULL,
    "accountVersion" BIGINT NOT NULL,

    CONSTRAINT "Posting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deposit" (
    "id" UUID NOT NULL,
    "investmentAccountId" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "method" "DepositMethod" NOT NULL,
    "status" "DepositStatus" NOT NULL DEFAULT 'PENDING',
    "testMode" BOOLEAN NOT NULL DEFAULT false,
    "requestKey" TEXT NOT NULL,
    "stripeCheckoutSessionId" TEXT,
    "checkoutUrl" TEXT,
    "stripePaymentIntentId" TEXT,
    "stripeChargeId" TEXT,
    "failureMessage" TEXT,
    "refundedAmount" BIGINT NOT NULL DEFAULT 0,
    "disputedAmount" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "settledAt" TIMESTAMPTZ(3),

    CONSTRAINT "Deposit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "stripeCreatedAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "depositId" UUID,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InvestmentAccount_userId_idx" ON "InvestmentAccount"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerAccount_investmentAccountId_kind_currency_shard_key" ON "LedgerAccount"("investmentAccountId", "kind", "currency", "shard");

-- CreateIndex
CREATE UNIQUE INDEX "JournalEntry_idempotencyKey_key" ON "JournalEntry"("idempotencyKey");

-- CreateIndex
CREATE INDEX "JournalEntry_causeType_causeId_idx" ON "JournalEntry"("causeType", "causeId");

-- CreateIndex
CREATE INDEX "Posting_entryId_idx" ON "Posting"("entryId");

-- CreateIndex
CREATE UNIQUE INDEX "Posting_ledgerAccountId_accountVersion_key" ON "Posting"("ledgerAccountId", "accountVersion");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_requestKey_key" ON "Deposit"("requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_stripeCheckoutSessionId_key" ON "Deposit"("stripeCheckoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_stripePaymentIntentId_key" ON "Deposit"("stripePaymentIntentId");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_stripeChargeId_key" ON "Deposit"("stripeChargeId");

-- CreateIndex
CREATE INDEX "Deposit_investmentAccountId_createdAt_idx" ON "Deposit"("investmentAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "StripeEvent_depositId_idx" ON "StripeEvent"("depositId");

-- CreateIndex
CREATE INDEX "OutboxEvent_sentAt_createdAt_idx" ON "OutboxEvent"("sentAt", "createdAt");

-- AddForeignKey
ALTER TABLE "InvestmentAccount" ADD CONSTRAINT "InvestmentAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deposit" ADD CONSTRAINT "Deposit_investmentAccountId_fkey" FOREIGN KEY ("investmentAccountId") REFERENCES "InvestmentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------
-- Hand-written: the ledger's invariants, enforced where concurrency cannot break them.

ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_no_overdraft" CHECK ("allowNegative" OR "balance" >= 0);
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_owner" CHECK (
  ("kind" IN ('INVESTOR_CASH', 'INVESTOR_CASH_HELD', 'INVESTOR_OWED')) = ("investmentAccountId" IS NOT NULL)
);
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_currency" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "Deposit" ADD CONSTRAINT "Deposit_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "Posting" ADD CONSTRAINT "Posting_amount_nonzero" CHECK ("amount" <> 0);

-- The platform's own accounts, made here and nowhere else: 16 shards per kind and currency (see schema.prisma).
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_shard" CHECK ("shard" BETWEEN 0 AND 15);
INSERT INTO "LedgerAccount" ("kind", "currency", "allowNegative", "shard")
SELECT kind::"LedgerAccountKind", 'USD', true, shard
FROM unnest(ARRAY['STRIPE_CLEARING', 'BROKER_CLEARING', 'PLATFORM_REVENUE']) AS kind, generate_series(0, 15) AS shard
ORDER BY kind, shard;

-- Journal entries and postings are append-only; mistakes are corrected by reversing entries.
CREATE TRIGGER "JournalEntry_append_only" BEFORE UPDATE OR DELETE ON "JournalEntry"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "JournalEntry_no_truncate" BEFORE TRUNCATE ON "JournalEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "Posting_append_only" BEFORE UPDATE OR DELETE ON "Posting"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "Posting_no_truncate" BEFORE TRUNCATE ON "Posting"
  FOR EACH STATEMENT EXECUTE FUNCTION autovest_refuse_change();
-- Ledger accounts change balance but never disappear (postings refer to them without a foreign key).
CREATE TRIGGER "LedgerAccount_no_delete" BEFORE DELETE ON "LedgerAccount"
  FOR EACH ROW EXECUTE FUNCTION autovest_refuse_change();
CREATE TRIGGER "LedgerAccount_no_truncate" BEFORE TRUNCATE ON "LedgerAccount"
  FOR EACH STATEMENT EXECUTE FUNCTION autovest_refuse_change();

-- Whatever inserts postings, each statement's postings must balance per entry and currency.
CREATE FUNCTION autovest_postings_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_entry bigint;
BEGIN
  SELECT "entryId" INTO v_entry FROM new_postings GROUP BY "entryId", "currency" HAVING sum("amount") <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % does not balance', v_entry USING ERRCODE = 'AV002';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "Posting_balanced" AFTER INSERT ON "Posting"
  REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION autovest_postings_balanced();

-- ledger_post_batch: many journal entries in one statement, for sweeps (dividends, fees, rebalances) and
-- anything posting in bulk. Entries come as parallel arrays; postings name their entry by its 1-based
-- position. An entry whose key was already used is not posted again: its original id comes back with
-- created = false. Touched accounts are locked in id order; every posting records the balance and version
-- it leaves its account at; if any never-negative account would dip below zero at any posting, SQLSTATE
-- AV001 is raised and nothing is written. Each piece of work is computed once, into arrays.
CREATE FUNCTION ledger_post_batch(
  p_keys text[], p_kinds "JournalEntryKind"[], p_cause_types text[], p_cause_ids text[], p_memos text[],
  p_posting_entries int[], p_accounts bigint[], p_amounts bigint[]
) RETURNS TABLE (idempotency_key text, entry_id bigint, created boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_new_ords int[];
  v_new_ids bigint[];
  v_entry bigint[];
  v_account bigint[];
  v_amount bigint[];
  v_currency text[];
  v_balance bigint[];
  v_version bigint[];
  v_locked int;
  v_overdrawn bigint;
BEGIN
  IF cardinality(p_posting_entries) <> cardinality(p_accounts) OR cardinality(p_accounts) <> cardinality(p_amounts) THEN
    RAISE EXCEPTION 'ledger_post_batch: posting arrays differ in length' USING ERRCODE = 'AV002';
  END IF;

  -- Claim the keys (the first occurrence of each). A key another transaction is posting waits for it.
  WITH e AS (
    SELECT DISTINCT ON (u.key) u.key, u.kind, u.cause_type, u.cause_id, u.memo, u.ord::int AS ord
    FROM unnest(p_keys, p_kinds, p_cause_types, p_cause_ids, p_memos) WITH ORDINALITY
      AS u(key, kind, cause_type, cause_id, memo, ord)
    ORDER BY u.key, u.ord
  ), ins AS (
    INSERT INTO "JournalEntry" ("idempotencyKey", "kind", "causeType", "causeId", "memo")
    SELECT e.key, e.kind, e.cause_type, e.cause_id, e.memo FROM e ORDER BY e.ord
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING "id", "idempotencyKey"
  )
  SELECT array_agg(e.ord ORDER BY e.ord), array_agg(ins."id" ORDER BY e.ord) INTO v_new_ords, v_new_ids
  FROM ins JOIN e ON e.key = ins."idempotencyKey";

  IF v_new_ids IS NOT NULL THEN
    -- The new entries' postings in posting order per account (entry order, then input order).
    SELECT array_agg(n.entry_id ORDER BY u.account, u.seq), array_agg(u.account ORDER BY u.account, u.seq),
           array_agg(u.amount ORDER BY u.account, u.seq)
    INTO v_entry, v_account, v_amount
    FROM unnest(p_posting_entries, p_accounts, p_amounts) WITH ORDINALITY AS u(entry_ord, account, amount, seq)
    JOIN unnest(v_new_ords, v_new_ids) AS n(ord, entry_id) ON n.ord = u.entry_ord;

    -- Lock the touched accounts in a fixed order.
    SELECT count(*) INTO v_locked FROM (
      SELECT 1 FROM "LedgerAccount" WHERE "id" = ANY (v_account) ORDER BY "id" FOR NO KEY UPDATE
    ) AS locked;
    IF v_locked <> (SELECT count(DISTINCT a) FROM unnest(v_account) AS a) THEN
      RAISE EXCEPTION 'ledger_post_batch: a posting names an unknown ledger account' USING ERRCODE = 'AV002';
    END IF;

    -- Running balance and version after each posting.
    SELECT array_agg(r.currency ORDER BY r.i), array_agg(r.balance_after ORDER BY r.i), array_agg(r.version_after ORDER BY r.i),
           min(r.account) FILTER (WHERE NOT r.allow_negative AND r.balance_after < 0)
    INTO v_currency, v_balance, v_version, v_overdrawn
    FROM (
      SELECT p.i, p.account, a."currency" AS currency, a."allowNegative" AS allow_negative,
             a."balance" + sum(p.amount) OVER w AS balance_after,
             a."version" + row_number() OVER w AS version_after
      FROM unnest(v_account, v_amount) WITH ORDINALITY AS p(account, amount, i)
      JOIN "LedgerAccount" a ON a."id" = p.account
      WINDOW w AS (PARTITION BY p.account ORDER BY p.i ROWS UNBOUNDED PRECEDING)
    ) AS r;
    IF v_overdrawn IS NOT NULL THEN
      RAISE EXCEPTION 'insufficient funds in ledger account %', v_overdrawn USING ERRCODE = 'AV001';
    END IF;

    -- The Posting_balanced trigger refuses any entry that does not sum to zero per currency.
    INSERT INTO "Posting" ("entryId", "ledgerAccountId", "amount", "currency", "balanceAfter", "accountVersion")
    SELECT * FROM unnest(v_entry, v_account, v_amount, v_currency, v_balance, v_version);

    UPDATE "LedgerAccount" a SET "balance" = last.balance, "version" = last.version
    FROM (
      SELECT DISTINCT ON (u.account) u.account, u.balance, u.version
      FROM unnest(v_account, v_balance, v_version) AS u(account, balance, version)
      ORDER BY u.account, u.version DESC
    ) AS last
    WHERE a."id" = last.account;
  END IF;

  -- New entries from what was just written; only keys used before are looked up.
  RETURN QUERY
    SELECT k.key, coalesce(n.entry_id, (SELECT j."id" FROM "JournalEntry" j WHERE j."idempotencyKey" = k.key)),
           n.entry_id IS NOT NULL
    FROM unnest(p_keys) WITH ORDINALITY AS k(key, ord)
    LEFT JOIN unnest(v_new_ords, v_new_ids) AS n(ord, entry_id) ON n.ord = k.ord;
END;
$$;

-- ledger_post_entry: the fast path for one entry (most money movements): one round trip, a handful of
-- index lookups. Touched accounts are locked in id order by the balance updates themselves.
CREATE FUNCTION ledger_post_entry(
  p_key text, p_kind "JournalEntryKind", p_cause_type text, p_cause_id text, p_memo text,
  p_accounts bigint[], p_amounts bigint[]
) RETURNS TABLE (entry_id bigint, created boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_entry bigint;
  v_index int;
  v_balances bigint[] := '{}';
  v_versions bigint[] := '{}';
  v_currencies text[] := '{}';
  v_balance bigint;
  v_version bigint;
  v_currency text;
BEGIN
  IF cardinality(p_accounts) < 2 OR cardinality(p_accounts) <> cardinality(p_amounts) THEN
    RAISE EXCEPTION 'entry %: an entry needs at least two postings', p_key USING ERRCODE = 'AV002';
  END IF;
  INSERT INTO "JournalEntry" ("idempotencyKey", "kind", "causeType", "causeId", "memo")
  VALUES (p_key, p_kind, p_cause_type, p_cause_id, p_memo)
  ON CONFLICT ("idempotencyKey") DO NOTHING
  RETURNING "id" INTO v_entry;
  IF v_entry IS NULL THEN
    RETURN QUERY SELECT j."id", false FROM "JournalEntry" j WHERE j."idempotencyKey" = p_key;
    RETURN;
  END IF;

  FOR v_index IN SELECT u.ord FROM unnest(p_accounts) WITH ORDINALITY AS u(account, ord) ORDER BY u.account, u.ord LOOP
    UPDATE "LedgerAccount"
    SET "balance" = "balance" + p_amounts[v_index], "version" = "version" + 1
    WHERE "id" = p_accounts[v_index] AND ("allowNegative" OR "balance" + p_amounts[v_index] >= 0)
    RETURNING "balance", "version", "currency" INTO v_balance, v_version, v_currency;
    IF NOT FOUND THEN
      IF EXISTS (SELECT 1 FROM "LedgerAccount" WHERE "id" = p_accounts[v_index]) THEN
        RAISE EXCEPTION 'insufficient funds in ledger account %', p_accounts[v_index] USING ERRCODE = 'AV001';
      END IF;
      RAISE EXCEPTION 'entry %: no ledger account %', p_key, p_accounts[v_index] USING ERRCODE = 'AV002';
    END IF;
    v_balances[v_index] := v_balance;
    v_versions[v_index] := v_version;
    v_currencies[v_index] := v_currency;
  END LOOP;

  -- The Posting_balanced trigger refuses the entry unless it sums to zero per currency.
  INSERT INTO "Posting" ("entryId", "ledgerAccountId", "amount", "currency", "balanceAfter", "accountVersion")
  SELECT v_entry, p_accounts[k], p_amounts[k], v_currencies[k], v_balances[k], v_versions[k]
  FROM generate_subscripts(p_accounts, 1) AS k;

  RETURN QUERY SELECT v_entry, true;
END;
$$;
