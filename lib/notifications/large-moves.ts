import { db } from "../db";
import { dayReturn, tidy, type Flow } from "../portfolio/returns";
import { NOTIFICATION_CREATED } from "./notify";

/** A day's return beyond this (either way) is a large move. */
const LARGE_MOVE = 0.05;

interface Candidate {
  accountId: string;
  userId: string;
  beforeDate: string;
  before: bigint;
  value: bigint;
  flow: bigint;
  flows: string | null;
}

/**
 * Tells each investor whose portfolio moved more than 5% on `day` once per account per day, with the email event.
 * The move is the day's return as every other figure computes it (returns.ts dayReturn: chain-linked through the
 * day's deposits and withdrawals, each valued when it moved), so money paid in or out is never a move. Runs after
 * the day's revaluation, as its own workflow step (a failure to notify never redoes the valuation); set-based,
 * `batchSize` accounts per statement. Returns how many accounts were told.
 */
export async function notifyLargeMoves(day: Date, batchSize = 10_000): Promise<number> {
  const date = day.toISOString().slice(0, 10);
  let after = "00000000-0000-0000-0000-000000000000";
  let told = 0;
  for (;;) {
    const [page] = await db.$queryRawUnsafe<{ last: string | null; n: bigint; candidates: Candidate[] | null }[]>(
      `
      WITH batch AS (
        SELECT "id" FROM "InvestmentAccount" WHERE "id" > $1::uuid ORDER BY "id" LIMIT $2
      ), candidates AS (
        SELECT s."investmentAccountId" AS account_id, a."userId" AS user_id, p."date" AS before_date, p.value AS before,
          s."marketValue" + s."cash" AS value, s."netFlow" AS flow, f.flows
        FROM batch
        JOIN "PortfolioSnapshot" s ON s."investmentAccountId" = batch."id" AND s."date" = $3::date
        JOIN "InvestmentAccount" a ON a."id" = batch."id"
        -- The previous snapshot: the neighbouring entry of the series index, one probe per account.
        JOIN LATERAL (
          SELECT "marketValue" + "cash" AS value, "date" FROM "PortfolioSnapshot"
          WHERE "investmentAccountId" = s."investmentAccountId" AND "date" < $3::date
          ORDER BY "date" DESC LIMIT 1
        ) p ON true
        LEFT JOIN LATERAL (
          SELECT string_agg(concat_ws(',', "valueBefore", "amount"), ';' ORDER BY "at") AS flows FROM "PortfolioFlow"
          WHERE "investmentAccountId" = s."investmentAccountId"
            AND "at" >= $3::date::timestamp AT TIME ZONE 'UTC' AND "at" < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
        ) f ON true
        -- Only accounts that may have moved 5% are sent: those with a flow, and those without one whose value
        -- changed by more than 5% (for them that is the day's return). dayReturn decides.
        WHERE p.value > 0 AND (f.flows IS NOT NULL OR s."netFlow" <> 0 OR abs(s."marketValue" + s."cash" - p.value) * 20 > p.value)
      )
      SELECT (SELECT max("id"::text) FROM batch) AS last, (SELECT count(*) FROM batch) AS n,
        (SELECT json_agg(json_build_object('accountId', account_id, 'userId', user_id, 'beforeDate', to_char(before_date, 'YYYY-MM-DD'),
          'before', before::text, 'value', value::text, 'flow', flow::text, 'flows', flows)) FROM candidates) AS candidates`,
      after,
      batchSize,
      date,
    );
    const moves = (page!.candidates ?? []).flatMap((c) => {
      const r = dayReturn(BigInt(c.before), { date, value: BigInt(c.value), flow: BigInt(c.flow), flows: parseFlows(c.flows) });
      return r !== null && Math.abs(tidy(r)) > LARGE_MOVE ? [{ ...c, r }] : [];
    });
    told += await notify(date, moves);
    const { last, n } = page!;
    if (!last || Number(n) < batchSize) return told;
    after = last;
  }
}

function parseFlows(flows: string | null): Flow[] {
  if (!flows) return [];
  return flows.split(";").map((flow) => {
    const [before, amount] = flow.split(",");
    return { before: BigInt(before!), amount: BigInt(amount!) };
  });
}

/**
 * One notice and its email event per move, in one statement. A key already taken today (a later sync) inserts
 * neither the notification nor its outbox event.
 */
async function notify(date: string, moves: (Candidate & { r: number })[]): Promise<number> {
  if (moves.length === 0) return 0;
  const texts = moves.map((move) => {
    const percent = (Math.abs(move.r) * 100).toFixed(1);
    const [direction, way] = move.r < 0 ? ["fell", "down"] : ["rose", "up"];
    return {
      title: `Your portfolio ${direction} ${percent}% today`,
      body: `Market prices moved the value of your investments ${way} ${percent}% since the valuation of ${move.beforeDate}. Your holdings page shows each fund.`,
      key: `large-move:${move.accountId}:${date}`,
    };
  });
  const [row] = await db.$queryRawUnsafe<{ told: bigint }[]>(
    `
    WITH notices AS (
      INSERT INTO "Notification" ("id", "userId", "kind", "title", "body", "link", "dedupeKey")
      SELECT gen_random_uuid(), n.user_id, 'LARGE_MOVE', n.title, n.body, '/holdings', n.key
      FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS n(user_id, title, body, key)
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING "id"
    ), emails AS (
      INSERT INTO "OutboxEvent" ("id", "name", "data")
      SELECT gen_random_uuid(), '${NOTIFICATION_CREATED}', jsonb_build_object('notificationId', "id") FROM notices
    )
    SELECT count(*) AS told FROM notices`,
    moves.map((move) => move.userId),
    texts.map((text) => text.title),
    texts.map((text) => text.body),
    texts.map((text) => text.key),
  );
  return Number(row!.told);
}
