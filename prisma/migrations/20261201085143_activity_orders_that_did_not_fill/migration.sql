-- An account's activity (see 20261121163000_account_activity), now that an order can end canceled or expired
-- with part of it filled: the part shows as its purchase or sale (a ledger entry), and an order is listed as one
-- that did not fill only when nothing of it filled, whether it was rejected, canceled or expired.
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
    SELECT a."createdAt", 'adjustment', a."id"::text, 'CORPORATE_ACTION', NULL, 0::bigint, a."symbol", NULL, NULL,
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
