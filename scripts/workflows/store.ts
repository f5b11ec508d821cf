import pg from "pg";
import type { Memo, StoredRun } from "./runs";

/**
 * The stand-in's own state in PostgreSQL, in a schema of its own (not the app's Prisma schema, not its
 * migrations), created here on first use: every run (status, attempts, sleep and wait deadlines, waits for
 * events, retry time), its memoized steps and the event ids seen, for Inngest's 24-hour deduplication. A stand-in that
 * restarts reads its unfinished runs back and goes on with them.
 */
export const STANDIN_SCHEMA = "inngest_standin";
const DEDUPE_WINDOW = "24 hours";

export class DatabaseInUse extends Error {
  override name = "DatabaseInUse";
}

const SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS ${STANDIN_SCHEMA};
CREATE TABLE IF NOT EXISTS ${STANDIN_SCHEMA}.runs (
  run_id       text PRIMARY KEY,
  function_id  text NOT NULL,
  status       text NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
  state        text NOT NULL,
  event        jsonb NOT NULL,
  attempt      integer NOT NULL,
  wake_at      timestamptz,
  retry_at     timestamptz,
  wait         jsonb,
  output       jsonb,
  error        jsonb,
  run          jsonb NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS runs_unfinished ON ${STANDIN_SCHEMA}.runs (started_at) WHERE status = 'running';
-- One row per memoized step, written once: a run's state grows without rewriting what it already has.
CREATE TABLE IF NOT EXISTS ${STANDIN_SCHEMA}.steps (
  run_id       text NOT NULL REFERENCES ${STANDIN_SCHEMA}.runs ON DELETE CASCADE,
  step_id      text NOT NULL,
  position     integer NOT NULL,
  memo         jsonb NOT NULL,
  PRIMARY KEY (run_id, step_id)
);
CREATE TABLE IF NOT EXISTS ${STANDIN_SCHEMA}.events (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  received_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS events_received ON ${STANDIN_SCHEMA}.events (received_at);
`;

export class RunStore {
  private constructor(
    private readonly pool: pg.Pool,
    /** Holds the advisory lock that keeps a second stand-in off this database. */
    private readonly owner: pg.PoolClient,
  ) {}

  static async open(databaseUrl: string): Promise<RunStore> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    // The database ending a connection (a restart, or its shutdown after the browser tests) is reported here; pg opens a
    // new one for the next query. Without a listener the error event would end the process.
    pool.on("error", (error) => console.warn(`[workflows] a database connection ended: ${error.message}`));
    const owner = await pool.connect();
    owner.on("error", (error) => console.warn(`[workflows] the stand-in's lock connection ended: ${error.message}`));
    try {
      const { rows } = await owner.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [STANDIN_SCHEMA]);
      if (!rows[0]!.locked) {
        throw new DatabaseInUse(`Another local stand-in for Inngest is already using this database (schema ${STANDIN_SCHEMA}); stop it first.`);
      }
      await owner.query(SCHEMA_SQL);
    } catch (error) {
      owner.release();
      await pool.end();
      throw error;
    }
    return new RunStore(pool, owner);
  }

  async unfinishedRuns(): Promise<StoredRun[]> {
    const { rows } = await this.pool.query<{ run: Omit<StoredRun, "memo">; steps: StoredRun["memo"] }>(
      `SELECT r.run, coalesce((SELECT jsonb_object_agg(s.step_id, s.memo ORDER BY s.position) FROM ${STANDIN_SCHEMA}.steps s WHERE s.run_id = r.run_id), '{}') AS steps
         FROM ${STANDIN_SCHEMA}.runs r WHERE r.status = 'running' ORDER BY r.started_at, r.run_id`,
    );
    return rows.map((row) => ({ ...row.run, memo: row.steps }));
  }

  async save(run: StoredRun): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${STANDIN_SCHEMA}.runs
         (run_id, function_id, status, state, event, attempt, wake_at, retry_at, wait, output, error, run, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (run_id) DO UPDATE SET
         status = EXCLUDED.status, state = EXCLUDED.state, attempt = EXCLUDED.attempt,
         wake_at = EXCLUDED.wake_at, retry_at = EXCLUDED.retry_at, wait = EXCLUDED.wait, output = EXCLUDED.output,
         error = EXCLUDED.error, run = EXCLUDED.run, finished_at = EXCLUDED.finished_at, updated_at = now()`,
      [
        run.runId,
        run.functionId,
        run.status,
        run.state,
        JSON.stringify(run.event),
        run.attempt,
        run.wakeAt,
        run.retryAt,
        run.wait && JSON.stringify(run.wait),
        run.output === undefined ? null : JSON.stringify(run.output),
        run.error === undefined ? null : JSON.stringify(run.error),
        // The rest of the run as the stand-in keeps it; its memoized steps are rows of `steps`.
        JSON.stringify({ ...run, memo: undefined }),
        run.startedAt,
        run.finishedAt,
      ],
    );
  }

  /** Keeps a memoized step (the run's row must exist: every run is saved when it starts). */
  async saveStep(runId: string, stepId: string, position: number, memo: Memo): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${STANDIN_SCHEMA}.steps (run_id, step_id, position, memo) VALUES ($1, $2, $3, $4)
       ON CONFLICT (run_id, step_id) DO UPDATE SET position = EXCLUDED.position, memo = EXCLUDED.memo`,
      [runId, stepId, position, JSON.stringify(memo)],
    );
  }

  /**
   * Records the events' ids, as of `receivedAt` on the stand-in's clock, in one statement; returns those seen for
   * the first time. An id that arrived within the 24 hours before is not: Inngest ignores such a duplicate. An
   * older sighting counts as none.
   */
  async firstSightings(events: { id: string; name: string }[], receivedAt: Date): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO ${STANDIN_SCHEMA}.events (id, name, received_at)
       SELECT DISTINCT ON (id) id, name, $3::timestamptz FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS e(id, name, n) ORDER BY id, n
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, received_at = EXCLUDED.received_at
       WHERE ${STANDIN_SCHEMA}.events.received_at <= EXCLUDED.received_at - interval '${DEDUPE_WINDOW}'
       RETURNING id`,
      [events.map((event) => event.id), events.map((event) => event.name), receivedAt],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Event ids older than the dedupe window are of no further use. */
  async forgetEventsBefore(now: Date): Promise<void> {
    await this.pool.query(`DELETE FROM ${STANDIN_SCHEMA}.events WHERE received_at <= $1::timestamptz - interval '${DEDUPE_WINDOW}'`, [now]);
  }

  async close(): Promise<void> {
    this.owner.release();
    await this.pool.end();
  }
}
