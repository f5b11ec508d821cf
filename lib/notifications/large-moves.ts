import { db } from "../db";
import { NOTIFICATION_CREATED } from "./notify";

/**
 * Tells each investor whose portfolio moved more than 5% on `day` (its snapshot against the one before it),
 * once per account per day, with the email event. Runs after the day's revaluation, as its own workflow step
 * (a failure to notify never redoes the valuation); set-based, `batchSize` accounts per statement.
 * Returns how many accounts were told.
 */
export async function notifyLargeMoves(day: Date, batchSize = 10_000): Promise<number> {
  const date = day.toISOString().slice(0, 10);
  let after = "00000000-0000-0000-0000-000000000000";
  let told = 0;
  for (;;) {
    const rows = await db.$queryRawUnsafe<{ last: string | null; n: bigint; told: bigint }[]>(
      `
      WITH batch AS (
        SELECT "id" FROM "InvestmentAccount" WHERE "id" > $1::uuid ORDER BY "id" LIMIT $2
      ), today AS (
        SELECT s."investmentAccountId", s."marketValue", s."cash", s."netFlow"
        FROM batch JOIN "PortfolioSnapshot" s ON s."investmentAccountId" = batch."id" AND s."date" = $3::date
      ), ${largeMoveCtes("today", "$3")}
      SELECT (SELECT max("id"::text) FROM batch) AS last, (SELECT count(*) FROM batch) AS n, (SELECT count(*) FROM large_move_notices) AS told`,
      after,
      batchSize,
      date,
    );
    const { last, n } = rows[0]!;
    told += Number(rows[0]!.told);
    if (!last || Number(n) < batchSize) return told;
    after = last;
  }
}

/**
 * Common table expressions that tell each investor whose portfolio moved more than 5% since its previous
 * snapshot, once per account per day, with the email event.
 *
 * `snapshots` names a CTE of the day's fresh snapshots ("investmentAccountId", "marketValue", "cash",
 * "netFlow"); `date` is the SQL for the day. The move leaves out the day's deposits and withdrawals (money
 * paid in is not a gain): (value − net flow − previous value) / previous value, compared in integer cents.
 *
 * The previous snapshot is the neighbouring entry of the series index: one probe per account. A key already
 * taken today (a later sync) inserts neither the notification nor its outbox event.
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
