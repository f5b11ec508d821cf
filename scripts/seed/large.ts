/**
 * A large, realistic database for the read benchmarks (`npm run seed:large`).
 *
 * Investors join over the last `years` years, more of them recently (as a growing service has): each makes an
 * opening deposit and then, for most, one every month or quarter. Every deposit is invested as the invest
 * workflow does it: all available cash held, buys planned by the real `planBuys` against the model's
 * targets, filled at that day's close plus half the simulated broker's spread, and what the fills did not
 * spend released. Behind that: five years of daily bars for the nine funds; every credit, hold, fill and
 * release in the double-entry ledger with running balances and versions; deposits, orders, tax lots and
 * holdings; and a snapshot of every account for every trading day since it opened.
 *
 * The per-investor plan is sequential (each deposit buys what is most underweight), so it is computed here
 * and loaded in batches; everything derived from it (users, ledger, snapshots) is set-based SQL. Big tables
 * are loaded with their indexes dropped and rebuilt after, under the same names, so `db:status` stays clean.
 * Not seeded: audit records for the history, and prices within the day.
 */
import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import type { Client } from "pg";
import { isTradingDay } from "../../lib/brokerage/market-calendar";
import { shardOf } from "../../lib/ledger/accounts";
import { planBuys, type Target } from "../../lib/investing/plan";
import { modelSlugFor, QUESTIONS, scoreRisk, type Answers } from "../../lib/investing/risk";
import { seal } from "../../lib/kyc/encryption";
import { kycKeyRing } from "../../lib/kyc/keys";
import { DEMO_PRICES } from "../../prisma/seed";
import { seededRandom } from "../test/random";

export interface LargeSeedOptions {
  investors: number;
  years: number;
  /** The last day of history (its close is the latest price). */
  today: Date;
  /** Every seeded investor's password hash (one hash: hashing 100,000 passwords would take an hour). */
  passwordHash: string;
  seed?: number;
  log?: (line: string) => void;
}

export interface LargeSeedResult {
  investors: number;
  tradingDays: number;
  deposits: number;
  orders: number;
  journalEntries: number;
  postings: number;
  snapshots: number;
  priceBars: number;
  seconds: Record<string, number>;
}

/** Yearly drift and volatility of each fund's simulated history, roughly as the real funds behaved. */
const MARKET: Record<string, { drift: number; volatility: number }> = {
  VTI: { drift: 0.1, volatility: 0.17 },
  VEA: { drift: 0.06, volatility: 0.16 },
  VWO: { drift: 0.04, volatility: 0.19 },
  BND: { drift: 0.01, volatility: 0.06 },
  IEF: { drift: 0.005, volatility: 0.07 },
  TIP: { drift: 0.02, volatility: 0.06 },
  VNQ: { drift: 0.04, volatility: 0.21 },
  GLD: { drift: 0.09, volatility: 0.15 },
  SGOV: { drift: 0.035, volatility: 0.004 },
};
const SYMBOLS = Object.keys(MARKET);
const HALF_SPREAD = new Decimal("0.00025"); // the simulated broker's 5 bp spread, halved
const OPENING = [500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000] as const; // dollars
const MONTHLY = [100, 250, 500, 1_000, 2_000] as const;
const FIRST = ["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luca", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen", "Yara", "Zoe"];
const LAST = ["Adams", "Bauer", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Khan", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Usman", "Varga", "Weber", "Yilmaz", "Zhang"];

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The NYSE trading days in the `years` years up to and including `today`. */
export function tradingDays(today: Date, years: number): string[] {
  const days: string[] = [];
  const start = Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate());
  for (let t = start + 86_400_000; t <= today.getTime(); t += 86_400_000) {
    const d = new Date(t);
    if (isTradingDay({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() })) days.push(iso(d));
  }
  return days;
}

/** Daily closes (2 decimals) ending at the demo prices: a seeded geometric random walk, walked backwards. */
function priceHistory(dayCount: number, random: () => number) {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const closes: Record<string, Decimal[]> = {};
  const bars: { symbol: string; n: number; open: string; high: string; low: string; close: string; volume: number }[] = [];
  for (const symbol of SYMBOLS) {
    const { drift, volatility } = MARKET[symbol]!;
    const daily = volatility / Math.sqrt(252);
    const walk = new Array<number>(dayCount);
    walk[dayCount - 1] = Number(DEMO_PRICES[symbol]);
    for (let n = dayCount - 1; n > 0; n--) walk[n - 1] = walk[n]! / Math.exp((drift - volatility ** 2 / 2) / 252 + daily * normal());
    closes[symbol] = walk.map((price) => new Decimal(price.toFixed(2)));
    for (let n = 0; n < dayCount; n++) {
      const close = walk[n]!;
      const open = n === 0 ? close : walk[n - 1]! * Math.exp(daily * 0.2 * normal());
      const high = Math.max(open, close) * (1 + Math.abs(normal()) * daily * 0.4);
      const low = Math.min(open, close) * (1 - Math.abs(normal()) * daily * 0.4);
      const volume = Math.floor(500_000 + random() * 5_000_000);
      bars.push({ symbol, n, open: open.toFixed(2), high: high.toFixed(2), low: low.toFixed(2), close: closes[symbol]![n]!.toFixed(2), volume });
    }
  }
  return { closes, bars };
}

/** Rows for a staging table, sent in batches as one `INSERT … SELECT FROM unnest(…)` each. */
class BatchLoader {
  private columns: unknown[][];
  constructor(
    private readonly client: Client,
    private readonly table: string,
    private readonly types: string[],
    private readonly batch = 20_000,
  ) {
    this.columns = types.map(() => []);
  }
  rows = 0;
  async add(...values: unknown[]) {
    values.forEach((value, i) => this.columns[i]!.push(value));
    this.rows++;
    if (this.columns[0]!.length >= this.batch) await this.flush();
  }
  async flush() {
    if (this.columns[0]!.length === 0) return;
    const params = this.types.map((type, i) => `$${i + 1}::${type}[]`).join(", ");
    await this.client.query(`INSERT INTO ${this.table} SELECT * FROM unnest(${params})`, this.columns);
    this.columns = this.types.map(() => []);
  }
}

/** Answers to the questionnaire leaning one way or the other, scored by the real scoring. */
function randomAnswers(rng: ReturnType<typeof seededRandom>): Answers {
  const lean = rng.next();
  return Object.fromEntries(
    QUESTIONS.map((question) => {
      const options = question.options;
      const centre = lean * (options.length - 1);
      const index = Math.max(0, Math.min(options.length - 1, Math.round(centre + (rng.next() - 0.5) * 2)));
      return [question.id, options[index]!.value];
    }),
  );
}

/** Drops a table's indexes and primary key, runs `load`, and rebuilds them exactly as they were. */
async function withoutIndexes(client: Client, table: string, load: () => Promise<unknown>) {
  const { rows: constraints } = await client.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u')`,
    [`"${table}"`],
  );
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = $2::regclass)`,
    [table, `"${table}"`],
  );
  // Foreign keys of other tables that point at this one depend on its primary key: dropped and put back around it.
  const { rows: references } = await client.query<{ owner: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS owner, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE confrelid = $1::regclass AND contype = 'f'`,
    [`"${table}"`],
  );
  for (const r of references) await client.query(`ALTER TABLE ${r.owner} DROP CONSTRAINT "${r.name}"`);
  for (const c of constraints) await client.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${c.name}"`);
  for (const i of indexes) await client.query(`DROP INDEX "${i.name}"`);
  await load();
  for (const c of constraints) await client.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${c.name}" ${c.def}`);
  for (const i of indexes) await client.query(i.def);
  for (const r of references) await client.query(`ALTER TABLE ${r.owner} ADD CONSTRAINT "${r.name}" ${r.def}`);
}

export async function seedLarge(client: Client, options: LargeSeedOptions): Promise<LargeSeedResult> {
  const log = options.log ?? (() => {});
  const rng = seededRandom(options.seed ?? 20261121);
  const seconds: Record<string, number> = {};
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    seconds[label] = Number(((performance.now() - started) / 1000).toFixed(1));
    log(`  ${label}: ${seconds[label]} s`);
    return result;
  };
  const sql = (text: string, values?: unknown[]) => client.query(text, values);
  await sql(`SET synchronous_commit = off`);
  await sql(`SET maintenance_work_mem = '1GB'`);
  await sql(`SET work_mem = '256MB'`);

  const days = tradingDays(options.today, options.years);
  const D = days.length;
  const { closes, bars } = priceHistory(D, rng.next);

  // Staging tables, dropped at the end.
  await sql(`
    CREATE UNLOGGED TABLE seed_day (n int PRIMARY KEY, date date NOT NULL, close_at timestamptz NOT NULL);
    CREATE UNLOGGED TABLE seed_investor (i int PRIMARY KEY, user_id uuid, account_id uuid, name text, join_n int, score int,
      answers jsonb, explanation jsonb, model text, shard int, tax_id_sealed text, tax_id_last4 text, birth_sealed text);
    CREATE UNLOGGED TABLE seed_deposit (i int, k int, n int, amount bigint, held bigint, unspent bigint, method text,
      deposit_id uuid DEFAULT gen_random_uuid(), run_id text);
    CREATE UNLOGGED TABLE seed_fill (i int, k int, symbol text, notional bigint, quantity numeric, price numeric, cost bigint,
      order_id uuid DEFAULT gen_random_uuid());
    CREATE UNLOGGED TABLE seed_position (i int, from_n int, to_n int, cash bigint, flow_n int, flow bigint,
      ${SYMBOLS.map((s) => `q_${s.toLowerCase()} numeric`).join(", ")});`);
  // The close of each day: 16:00 New York, 21:00 UTC in winter (a few early closes are not worth the detail).
  await sql(
    `INSERT INTO seed_day SELECT n - 1, d::date, d::date + time '21:00' FROM unnest($1::text[]) WITH ORDINALITY AS t(d, n)`,
    [days],
  );

  // Models and their targets, as the database has them.
  const { rows: weightRows } = await sql(`
    SELECT m.slug, v.id AS version_id, a.symbol, w.weight::text AS weight
    FROM "ModelPortfolio" m JOIN "ModelVersion" v ON v."modelId" = m.id
    JOIN "ModelWeight" w ON w."versionId" = v.id JOIN "Asset" a ON a.id = w."assetId"
    WHERE v.version = (SELECT max(version) FROM "ModelVersion" WHERE "modelId" = m.id)`);
  const targets = new Map<string, Target[]>();
  for (const row of weightRows as { slug: string; symbol: string; weight: string }[]) {
    targets.set(row.slug, [...(targets.get(row.slug) ?? []), { symbol: row.symbol, weight: new Decimal(row.weight) }]);
  }

  // The plan, investor by investor.
  const investors = new BatchLoader(client, "seed_investor", ["int", "uuid", "uuid", "text", "int", "int", "jsonb", "jsonb", "text", "int", "text", "text", "text"], 5_000);
  const ring = kycKeyRing();
  const deposits = new BatchLoader(client, "seed_deposit (i, k, n, amount, held, unspent, method)", ["int", "int", "int", "bigint", "bigint", "bigint", "text"]);
  const fills = new BatchLoader(client, "seed_fill (i, k, symbol, notional, quantity, price, cost)", ["int", "int", "text", "bigint", "numeric", "numeric", "bigint"]);
  const positions = new BatchLoader(client, "seed_position", ["int", "int", "int", "bigint", "int", "bigint", ...SYMBOLS.map(() => "numeric")]);
  await timed("plan deposits and orders", async () => {
    for (let i = 0; i < options.investors; i++) {
      const answers = randomAnswers(rng);
      const { score, explanation } = scoreRisk(answers);
      const model = modelSlugFor(score);
      const accountId = randomUUID();
      const joinN = Math.min(D - 1, Math.floor(D * Math.sqrt(rng.next())));
      const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
      // Every investor passed identity checks before their first deposit: a valid-looking tax id and a birth
      // date, sealed as submitKyc seals them.
      const userId = randomUUID();
      const taxId = `${String(100 + rng.int(0, 565))}${String(rng.int(10, 99))}${String(rng.int(1000, 9999))}`;
      const birth = `${rng.int(1950, 2000)}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
      await investors.add(
        i, userId, accountId, name, joinN, score, JSON.stringify(answers), JSON.stringify(explanation), model, shardOf(accountId),
        seal(ring, taxId, `user:${userId}:taxId`), taxId.slice(-4), seal(ring, birth, `user:${userId}:dateOfBirth`),
      );

      const every = [21, 63, 0][Math.min(2, Math.floor(rng.next() * 2.5))]!; // a fifth monthly, two fifths quarterly
      const monthly = BigInt(rng.pick(MONTHLY)) * 100n;
      const schedule: { n: number; amount: bigint }[] = [{ n: joinN, amount: BigInt(rng.pick(OPENING)) * 100n }];
      for (let n = joinN + every; every > 0 && n < D; n += every) schedule.push({ n, amount: every === 21 ? monthly : monthly * 3n });

      const quantity = new Map<string, Decimal>();
      let cash = 0n;
      for (const [k, { n, amount }] of schedule.entries()) {
        const held = cash + amount;
        const price = (symbol: string) => closes[symbol]![n]!;
        const buys = planBuys(
          held,
          [...quantity].map(([symbol, q]) => ({ symbol, quantity: q, price: price(symbol) })),
          targets.get(model)!,
        );
        let spent = 0n;
        for (const buy of buys) {
          const fillPrice = price(buy.symbol).times(HALF_SPREAD.plus(1)).toDecimalPlaces(6, Decimal.ROUND_UP);
          const q = new Decimal(buy.notional.toString()).dividedBy(100).dividedBy(fillPrice).toDecimalPlaces(6, Decimal.ROUND_DOWN);
          const cost = BigInt(q.times(fillPrice).times(100).toDecimalPlaces(0, Decimal.ROUND_UP).toFixed(0));
          spent += cost;
          quantity.set(buy.symbol, (quantity.get(buy.symbol) ?? new Decimal(0)).plus(q));
          await fills.add(i, k, buy.symbol, buy.notional.toString(), q.toFixed(6), fillPrice.toFixed(6), cost.toString());
        }
        cash = held - spent;
        await deposits.add(i, k, n, amount.toString(), held.toString(), cash.toString(), rng.next() < 0.7 ? "US_BANK_ACCOUNT" : "CARD");
        const until = (schedule[k + 1]?.n ?? D) - 1;
        await positions.add(i, n, until, cash.toString(), n, amount.toString(), ...SYMBOLS.map((s) => quantity.get(s)?.toFixed(6) ?? "0"));
      }
    }
    for (const loader of [investors, deposits, fills, positions]) await loader.flush();
    await sql(`UPDATE seed_deposit SET run_id = 'seed-' || deposit_id; ANALYZE seed_investor, seed_deposit, seed_fill, seed_position`);
  });

  await timed("prices", async () => {
    const columns = ["symbol", "n", "open", "high", "low", "close", "volume"] as const;
    const values = columns.map((c) => bars.map((bar) => bar[c]));
    await sql(
      `INSERT INTO "PriceBar" ("assetId", date, open, high, low, close, volume, source)
       SELECT a.id, d.date, b.open, b.high, b.low, b.close, b.volume, 'seed:large'
       FROM unnest($1::text[], $2::int[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::bigint[]) AS b(symbol, n, open, high, low, close, volume)
       JOIN "Asset" a ON a.symbol = b.symbol JOIN seed_day d ON d.n = b.n
       ON CONFLICT DO NOTHING`,
      values,
    );
    await sql(
      `INSERT INTO "AssetPrice" ("assetId", price, "asOf", source)
       SELECT a.id, c.close, (SELECT close_at FROM seed_day WHERE n = $3), 'seed:large'
       FROM unnest($1::text[], $2::numeric[]) AS c(symbol, close) JOIN "Asset" a ON a.symbol = c.symbol
       ON CONFLICT ("assetId") DO UPDATE SET price = EXCLUDED.price, "asOf" = EXCLUDED."asOf", source = EXCLUDED.source`,
      [SYMBOLS, SYMBOLS.map((s) => closes[s]![D - 1]!.toFixed(2)), D - 1],
    );
  });

  await timed("investors and accounts", async () => {
    await sql(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "createdAt", "updatedAt")
       SELECT s.user_id, 'investor-' || lpad(s.i::text, 6, '0') || '@large.autovest.dev', s.name, $1, 'INVESTOR', d.close_at - interval '8 hours', d.close_at
       FROM seed_investor s JOIN seed_day d ON d.n = s.join_n`,
      [options.passwordHash],
    );
    await sql(`
      INSERT INTO "RiskProfile" (id, "userId", answers, score, explanation, "createdAt")
      SELECT gen_random_uuid(), s.user_id, s.answers, s.score, ARRAY(SELECT jsonb_array_elements_text(s.explanation)), d.close_at - interval '7 hours'
      FROM seed_investor s JOIN seed_day d ON d.n = s.join_n;
      INSERT INTO "KycProfile" ("userId", status, "legalName", "addressLine1", city, region, "postalCode", country, "taxIdSealed", "taxIdLast4",
        "dateOfBirthSealed", "documentKey", "documentType", "documentSha256", "submittedAt", "reviewedAt", "updatedAt")
      SELECT s.user_id, 'APPROVED', s.name, (100 + s.i % 900) || ' Main Street', 'Springfield', 'IL', '62701', 'US', s.tax_id_sealed, s.tax_id_last4,
        s.birth_sealed, gen_random_uuid()::text, 'application/pdf', repeat('0', 64), d.close_at - interval '8 hours', d.close_at - interval '7 hours', d.close_at
      FROM seed_investor s JOIN seed_day d ON d.n = s.join_n;
      INSERT INTO "InvestmentAccount" (id, "userId", "modelVersionId", "createdAt")
      SELECT s.account_id, s.user_id, v.id, d.close_at - interval '8 hours'
      FROM seed_investor s JOIN seed_day d ON d.n = s.join_n
      JOIN "ModelPortfolio" m ON m.slug = s.model
      JOIN "ModelVersion" v ON v."modelId" = m.id AND v.version = (SELECT max(version) FROM "ModelVersion" WHERE "modelId" = m.id);
      INSERT INTO "LedgerAccount" (kind, "investmentAccountId", currency, "allowNegative", "createdAt")
      SELECT k.kind::"LedgerAccountKind", s.account_id, 'USD', k.kind = 'INVESTOR_OWED', d.close_at - interval '8 hours'
      FROM seed_investor s JOIN seed_day d ON d.n = s.join_n
      CROSS JOIN (VALUES ('INVESTOR_CASH'), ('INVESTOR_CASH_HELD'), ('INVESTOR_OWED')) AS k(kind);`);
  });

  await timed("deposits, orders, tax lots, holdings", async () => {
    await withoutIndexes(client, "Deposit", () => sql(`
      INSERT INTO "Deposit" (id, "investmentAccountId", amount, currency, method, status, "testMode", "requestKey", "createdAt", "updatedAt", "settledAt")
      SELECT p.deposit_id, s.account_id, p.amount, 'USD', p.method::"DepositMethod", 'SUCCEEDED', true, 'seed:' || p.deposit_id,
        d.close_at - interval '6 hours', d.close_at - interval '5 hours', d.close_at - interval '5 hours'
      FROM seed_deposit p JOIN seed_investor s USING (i) JOIN seed_day d ON d.n = p.n`));
    await withoutIndexes(client, "Order", () => sql(`
      INSERT INTO "Order" (id, "investmentAccountId", "runId", "clientOrderId", "brokerOrderId", symbol, side, notional, status,
        "filledQuantity", "filledPrice", "filledNotional", "settledAt", "createdAt", "updatedAt")
      SELECT f.order_id, s.account_id, p.run_id, p.run_id || ':' || f.symbol || ':BUY', 'sim-' || f.order_id, f.symbol, 'BUY', f.notional, 'FILLED',
        f.quantity, f.price, f.cost, d.close_at, d.close_at - interval '4 hours', d.close_at
      FROM seed_fill f JOIN seed_deposit p USING (i, k) JOIN seed_investor s USING (i) JOIN seed_day d ON d.n = p.n`));
    await withoutIndexes(client, "TaxLot", () => sql(`
      INSERT INTO "TaxLot" (id, "investmentAccountId", symbol, "orderId", "acquiredAt", quantity, "remainingQuantity", "costPerShare")
      SELECT gen_random_uuid(), s.account_id, f.symbol, f.order_id, d.close_at, f.quantity, f.quantity, f.price
      FROM seed_fill f JOIN seed_deposit p USING (i, k) JOIN seed_investor s USING (i) JOIN seed_day d ON d.n = p.n`));
    await sql(`
      INSERT INTO "Holding" ("investmentAccountId", symbol, quantity, "costBasis")
      SELECT s.account_id, f.symbol, sum(f.quantity), sum(f.cost) FROM seed_fill f JOIN seed_investor s USING (i) GROUP BY 1, 2;`);
  });

  // The ledger: for each deposit, in this order, as the workflows post them (ids increase with time).
  await timed("journal entries", async () => {
    await sql(`
      CREATE UNLOGGED TABLE seed_entry AS
      WITH e AS (
        SELECT p.n, p.i, p.k, 0 AS step, '' AS symbol, 'DEPOSIT' AS kind, 'deposit:' || p.deposit_id || ':credit' AS key,
          'Deposit' AS cause_type, p.deposit_id::text AS cause_id, NULL::text AS memo, interval '5 hours' AS before_close
        FROM seed_deposit p
        UNION ALL
        SELECT p.n, p.i, p.k, 1, '', 'TRADE', 'invest:' || p.run_id || ':hold', 'InvestRun', p.run_id, 'Cash held for orders', interval '4 hours'
        FROM seed_deposit p
        UNION ALL
        SELECT p.n, p.i, p.k, 2, f.symbol, 'TRADE', 'order:' || f.order_id || ':fill', 'Order', f.order_id::text,
          'Bought ' || trim_scale(f.quantity) || ' ' || f.symbol, interval '0 hours'
        FROM seed_fill f JOIN seed_deposit p USING (i, k)
        UNION ALL
        SELECT p.n, p.i, p.k, 3, '', 'TRADE', 'invest:' || p.run_id || ':release', 'InvestRun', p.run_id, 'Cash not spent by the orders', interval '0 hours'
        FROM seed_deposit p WHERE p.unspent > 0
      )
      SELECT (SELECT coalesce(max(id), 0) FROM "JournalEntry") + row_number() OVER (ORDER BY n, i, k, step, symbol) AS id, e.*
      FROM e;
`);
    await withoutIndexes(client, "JournalEntry", () => sql(`
      INSERT INTO "JournalEntry" (id, "idempotencyKey", kind, "causeType", "causeId", memo, "createdAt")
      SELECT e.id, e.key, e.kind::"JournalEntryKind", e.cause_type, e.cause_id, e.memo, d.close_at - e.before_close
      FROM seed_entry e JOIN seed_day d ON d.n = e.n ORDER BY e.id`));
    await sql(`
      SELECT setval(pg_get_serial_sequence('"JournalEntry"', 'id'), (SELECT max(id) FROM "JournalEntry"));`);
  });

  await timed("postings", async () => {
    await sql(`
      CREATE UNLOGGED TABLE seed_posting AS
      WITH accounts AS (
        SELECT s.i,
          max(la.id) FILTER (WHERE la.kind = 'INVESTOR_CASH') AS cash,
          max(la.id) FILTER (WHERE la.kind = 'INVESTOR_CASH_HELD') AS held,
          max(pa.id) FILTER (WHERE pa.kind = 'STRIPE_CLEARING') AS stripe,
          max(pa.id) FILTER (WHERE pa.kind = 'BROKER_CLEARING') AS broker
        FROM seed_investor s JOIN "LedgerAccount" la ON la."investmentAccountId" = s.account_id
        JOIN "LedgerAccount" pa ON pa."investmentAccountId" IS NULL AND pa.currency = 'USD' AND pa.shard = s.shard
        GROUP BY s.i
      )
      SELECT e.id AS entry_id, v.ord, v.account, v.amount
      FROM seed_entry e
      JOIN accounts a ON a.i = e.i
      JOIN seed_deposit p ON p.i = e.i AND p.k = e.k
      LEFT JOIN seed_fill f ON e.step = 2 AND f.i = e.i AND f.k = e.k AND f.symbol = e.symbol
      CROSS JOIN LATERAL (VALUES
        (0, CASE e.step WHEN 0 THEN a.stripe WHEN 1 THEN a.cash ELSE a.held END,
            -CASE e.step WHEN 0 THEN p.amount WHEN 1 THEN p.held WHEN 2 THEN f.cost ELSE p.unspent END),
        (1, CASE e.step WHEN 0 THEN a.cash WHEN 1 THEN a.held WHEN 2 THEN a.broker ELSE a.cash END,
            CASE e.step WHEN 0 THEN p.amount WHEN 1 THEN p.held WHEN 2 THEN f.cost ELSE p.unspent END)
      ) AS v(ord, account, amount);`);
    await withoutIndexes(client, "Posting", async () => {
      await sql(`
        INSERT INTO "Posting" (id, "entryId", "ledgerAccountId", amount, currency, "balanceAfter", "accountVersion")
        SELECT (SELECT coalesce(max(id), 0) FROM "Posting") + row_number() OVER (ORDER BY p.entry_id, p.ord),
          p.entry_id, p.account, p.amount, 'USD',
          la.balance + sum(p.amount) OVER w, la.version + row_number() OVER w
        FROM seed_posting p JOIN "LedgerAccount" la ON la.id = p.account
        WINDOW w AS (PARTITION BY p.account ORDER BY p.entry_id, p.ord)
        ORDER BY p.entry_id, p.ord`);
    });
    await sql(`
      SELECT setval(pg_get_serial_sequence('"Posting"', 'id'), (SELECT max(id) FROM "Posting"));
      UPDATE "LedgerAccount" la SET balance = la.balance + t.amount, version = la.version + t.postings
      FROM (SELECT account, sum(amount) AS amount, count(*) AS postings FROM seed_posting GROUP BY account) t
      WHERE la.id = t.account;`);
  });

  // Each day's value from the holdings between deposits at that day's closes, in date order as a live
  // system appends them.
  await timed("daily snapshots", async () => {
    await withoutIndexes(client, "PortfolioSnapshot", async () => {
      await sql(`
        CREATE UNLOGGED TABLE seed_day_close AS
        SELECT d.n, d.date, ${SYMBOLS.map((s) => `max(b.close) FILTER (WHERE a.symbol = '${s}') AS p_${s.toLowerCase()}`).join(", ")}
        FROM seed_day d JOIN "PriceBar" b ON b.date = d.date JOIN "Asset" a ON a.id = b."assetId" GROUP BY d.n, d.date;
        INSERT INTO "PortfolioSnapshot" ("investmentAccountId", date, "marketValue", cash, "netFlow")
        SELECT s.account_id, c.date,
          (${SYMBOLS.map((sym) => `floor(p.q_${sym.toLowerCase()} * c.p_${sym.toLowerCase()} * 100)`).join(" + ")})::bigint,
          p.cash, CASE WHEN c.n = p.flow_n THEN p.flow ELSE 0 END
        FROM seed_position p JOIN seed_investor s USING (i)
        CROSS JOIN LATERAL generate_series(p.from_n, p.to_n) AS g(n) JOIN seed_day_close c ON c.n = g.n
        ORDER BY c.n, s.account_id;`);
    });
    // Each deposit valued as it arrived (lib/portfolio/flows.ts): the seed's deposits are invested at the close,
    // so the value just before is that day's value less the day's deposits.
    await sql(`
      INSERT INTO "PortfolioFlow" ("entryId", "investmentAccountId", "at", "amount", "valueBefore")
      SELECT e.id, s.account_id, d.close_at - e.before_close, p.amount, snap."marketValue" + snap."cash" - snap."netFlow"
      FROM seed_entry e JOIN seed_deposit p ON p.i = e.i AND p.k = e.k JOIN seed_investor s ON s.i = e.i JOIN seed_day d ON d.n = e.n
      JOIN "PortfolioSnapshot" snap ON snap."investmentAccountId" = s.account_id AND snap."date" = d.date
      WHERE e.step = 0;`);
  });

  const counts = await timed("check and analyse", async () => {
    const { rows } = await sql(`
      SELECT
        (SELECT count(*) FROM seed_investor)::int AS investors, (SELECT count(*) FROM seed_deposit)::int AS deposits,
        (SELECT count(*) FROM seed_fill)::int AS orders, (SELECT count(*) FROM seed_entry)::int AS entries,
        (SELECT count(*) FROM seed_posting)::int AS postings, (SELECT count(*) FROM "PriceBar")::int AS bars,
        (SELECT count(*) FROM "PortfolioSnapshot")::int AS snapshots,
        (SELECT coalesce(sum(balance), 0)::text FROM "LedgerAccount") AS ledger_sum`);
    const row = rows[0] as Record<string, number | string>;
    if (row.ledger_sum !== "0") throw new Error(`the seeded ledger does not balance: accounts sum to ${row.ledger_sum}`);
    await sql(`DROP TABLE seed_day, seed_investor, seed_deposit, seed_fill, seed_position, seed_entry, seed_posting, seed_day_close`);
    await sql(`VACUUM ANALYZE`);
    return row;
  });

  return {
    investors: Number(counts.investors),
    tradingDays: D,
    deposits: Number(counts.deposits),
    orders: Number(counts.orders),
    journalEntries: Number(counts.entries),
    postings: Number(counts.postings),
    snapshots: Number(counts.snapshots),
    priceBars: Number(counts.bars),
    seconds,
  };
}
