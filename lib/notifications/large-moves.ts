import { NOTIFICATION_CREATED } from "./notify";

/**
 * Common table expressions for the revaluation statement (lib/portfolio/snapshots.ts): tell each investor whose
 * portfolio moved more than 5% since its previous snapshot, once per account per day, with the email event.
 *
 * `snapshots` names a CTE of the day's fresh snapshots ("investmentAccountId", "marketValue", "cash",
 * "netFlow"); `date` is the SQL for the day. The move leaves out the day's deposits and withdrawals (money
 * paid in is not a gain): (value − net flow − previous value) / previous value, compared in integer cents.
 *
 * Inside the revaluation, today's values are at hand and the previous snapshot is the neighbouring entry of the
 * series index the upsert just touched: one cached probe per account, no second pass over 100,000 accounts.
 * A key already taken today (a later sync) inserts neither the notification nor its outbox event.
 */
export function largeMoveCtes(snapshots: string, date: string): string {
  return `
    large_moves AS (
      SELECT s."investmentAccountId" AS account_id, p."date" AS before_date, p.value AS before,
        s."marketValue" + s."cash" - s."netFlow" - p.value AS change
      FROM ${snapshots} s
      JOIN LATERAL (
        SELECT "marketValue" + "cash" AS value, "date" FROM "PortfolioSnapshot"
        WHERE "investmentAccountId" = s."investmentAccountId" AND "date" < ${date}::date
        ORDER BY "date" DESC LIMIT 1
      ) p ON true
      WHERE p.value > 0 AND abs(s."marketValue" + s."cash" - s."netFlow" - p.value) * 20 > p.value
    ), large_move_notices AS (
      INSERT INTO "Notification" ("id", "userId", "kind", "title", "body", "link", "dedupeKey")
      SELECT gen_random_uuid(), a."userId", 'LARGE_MOVE',
        'Your portfolio ' || w.direction || ' ' || w.percent || '% today',
        'Market prices moved the value of your investments ' || w.way || ' ' || w.percent || '% since the valuation of '
          || to_char(m.before_date, 'YYYY-MM-DD') || '. Your holdings page shows each fund.',
        '/holdings', 'large-move:' || m.account_id || ':' || to_char(${date}::date, 'YYYY-MM-DD')
      FROM large_moves m
      JOIN "InvestmentAccount" a ON a."id" = m.account_id
      CROSS JOIN LATERAL (
        SELECT CASE WHEN m.change < 0 THEN 'fell' ELSE 'rose' END AS direction, CASE WHEN m.change < 0 THEN 'down' ELSE 'up' END AS way,
          round(abs(m.change)::numeric * 100 / m.before, 1)::text AS percent
      ) w
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING "id"
    ), large_move_emails AS (
      INSERT INTO "OutboxEvent" ("id", "name", "data")
      SELECT gen_random_uuid(), '${NOTIFICATION_CREATED}', jsonb_build_object('notificationId', "id") FROM large_move_notices
    )`;
}
