-- The external flows posted before flows were valued as they moved, as PortfolioFlow rows, so that revaluation,
-- backfillSnapshots and the returns read every flow from one place. Their value just before is not known: each is
-- given the value that reproduces the old convention (the day's flows arrived at the close): the day's snapshot
-- value less the day's flows, plus the flows before it that day; on a day without a snapshot, the last snapshot
-- before it plus the flows before it that day (its money is then never a gain).
INSERT INTO "PortfolioFlow" ("entryId", "investmentAccountId", "at", "amount", "valueBefore")
WITH moved AS (
  SELECT je."id" AS entry_id, la."investmentAccountId" AS account_id, je."createdAt" AS at, sum(po."amount")::bigint AS amount
  FROM "JournalEntry" je
  JOIN "Posting" po ON po."entryId" = je."id"
  JOIN "LedgerAccount" la ON la."id" = po."ledgerAccountId"
  WHERE je."kind" IN ('DEPOSIT', 'REFUND', 'DISPUTE', 'WITHDRAWAL', 'REVERSAL') AND la."investmentAccountId" IS NOT NULL
  GROUP BY 1, 2, 3
  HAVING sum(po."amount") <> 0
), dated AS (
  SELECT m.*, (m.at AT TIME ZONE 'UTC')::date AS day,
    coalesce(sum(m.amount) OVER (PARTITION BY m.account_id, (m.at AT TIME ZONE 'UTC')::date ORDER BY m.at, m.entry_id
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS earlier,
    sum(m.amount) OVER (PARTITION BY m.account_id, (m.at AT TIME ZONE 'UTC')::date) AS day_total
  FROM moved m
)
SELECT d.entry_id, d.account_id, d.at, d.amount,
  coalesce(
    (SELECT s."marketValue" + s."cash" - d.day_total FROM "PortfolioSnapshot" s WHERE s."investmentAccountId" = d.account_id AND s."date" = d.day),
    (SELECT s."marketValue" + s."cash" FROM "PortfolioSnapshot" s WHERE s."investmentAccountId" = d.account_id AND s."date" < d.day ORDER BY s."date" DESC LIMIT 1),
    0
  ) + d.earlier
FROM dated d
ON CONFLICT DO NOTHING;
