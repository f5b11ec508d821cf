/**
 * npm run bench:fees [-- --json]
 *
 * Advisory fees over 100,000 accounts on a durable embedded PostgreSQL: each account worth $100,000 (every fifth
 * with only $10.00 of it in cash, so its bill is short), the daily accrual of one day over every account (three days,
 * the median), then the month's billing batch (October 2026: bills, one ledger batch per page, audit records), then
 * the same billing again (nothing to do: idempotent). Prints times and rates, and checks the bills against the hand
 * figure, revenue against what was collected, and the trial balance.
 */
import { performance } from "node:perf_hooks";
import { benchDatabase, seedInvestors } from "./database";
import { round, wantsJson } from "./report";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const MONTH = "2026-10";
// $100,000 at 0.25 % over October's 31 days (the year's first bill): 31 × 25,000 / 365 = 2,123.28… → $21.23.
const EXPECTED_BILL = 2_123n;

async function main() {
  const log = wantsJson() ? () => {} : console.log;
  const cluster = await benchDatabase("bench-fees");
  try {
    const { db, disconnectDb } = await import("../../lib/db");
    const { accrueDay } = await import("../../lib/fees/accrue");
    const { billMonth } = await import("../../lib/fees/bill");
    const { platformAccount, platformBalance } = await import("../../lib/ledger/accounts");
    const { postJournalEntries } = await import("../../lib/ledger/post");
    const { trialBalance } = await import("../../lib/ledger/trial-balance");

    const seedStarted = performance.now();
    await seedInvestors(ACCOUNTS, (sql) => db.$executeRawUnsafe(sql));
    await db.$executeRawUnsafe(`UPDATE "InvestmentAccount" SET "createdAt" = '2026-09-01T12:00:00Z'`);
    // Cash: $1,000 each, $10 for every fifth account (credited through the ledger, as deposits are).
    const cash = await db.$queryRawUnsafe<{ id: bigint; account: string; n: bigint }[]>(
      `SELECT la."id", la."investmentAccountId"::text AS account, row_number() OVER (ORDER BY la."investmentAccountId") AS n
       FROM "LedgerAccount" la WHERE la."kind" = 'INVESTOR_CASH'`,
    );
    for (let i = 0; i < cash.length; i += 2_000) {
      const page = cash.slice(i, i + 2_000);
      const entries = [];
      for (const row of page) {
        const amount = row.n % 5n === 0n ? 1_000n : 100_000n;
        entries.push({
          idempotencyKey: `fund-${row.id}`,
          kind: "DEPOSIT" as const,
          postings: [{ account: await platformAccount("STRIPE_CLEARING", row.account), amount: -amount }, { account: row.id, amount }],
        });
      }
      await postJournalEntries(db, entries);
    }
    // A closing value of $100,000 from 30 September (the day's latest snapshot carries into October).
    await db.$executeRawUnsafe(`
      INSERT INTO "PortfolioSnapshot" ("investmentAccountId", "date", "marketValue", "cash", "netFlow")
      SELECT "id", '2026-09-30', 10000000 - 100000, 100000, 0 FROM "InvestmentAccount"
      ON CONFLICT ("investmentAccountId", "date") DO UPDATE SET "marketValue" = EXCLUDED."marketValue", "cash" = EXCLUDED."cash"`);
    await db.$executeRawUnsafe(`ANALYZE`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`Advisory fees: ${ACCOUNTS} accounts (seeded in ${round(seedSeconds, 1)} s), durable PostgreSQL\n`);

    // The daily accrual, three days measured.
    const accrualMs: number[] = [];
    for (const day of ["2026-10-01", "2026-10-02", "2026-10-03"]) {
      const t0 = performance.now();
      const written = await accrueDay(day);
      accrualMs.push(performance.now() - t0);
      if (written !== ACCOUNTS) throw new Error(`accrued ${written} accounts on ${day}, expected ${ACCOUNTS}`);
    }
    const rerunStarted = performance.now();
    const rerun = await accrueDay("2026-10-03");
    const accrualRerunMs = performance.now() - rerunStarted;
    accrualMs.sort((a, b) => a - b);
    const accrualMedian = accrualMs[1]!;
    log(`daily accrual: ${round(accrualMedian)} ms a day (median of 3) = ${Math.round(ACCOUNTS / (accrualMedian / 1000))} accounts/s; re-run ${round(accrualRerunMs)} ms, ${rerun} written`);

    // The month's other 28 days, written in one statement (they are what the three measured days are).
    await db.$executeRawUnsafe(`
      INSERT INTO "FeeAccrual" ("investmentAccountId", "day", "value", "householdValue", "scheduleId", "annualFee", "amount", "waived")
      SELECT f."investmentAccountId", d::date, f."value", f."householdValue", f."scheduleId", f."annualFee", f."amount", 0
      FROM "FeeAccrual" f CROSS JOIN generate_series('2026-10-04'::date, '2026-10-31'::date, interval '1 day') d
      WHERE f."day" = '2026-10-01'`);
    await db.$executeRawUnsafe(`INSERT INTO "FeeAccrualDay" ("day", "accounts") SELECT d::date, ${ACCOUNTS} FROM generate_series('2026-10-01'::date, '2026-10-31'::date, interval '1 day') d ON CONFLICT DO NOTHING`);
    await db.$executeRawUnsafe(`ANALYZE "FeeAccrual"`);

    const revenueBefore = await platformBalance("PLATFORM_REVENUE");
    const billStarted = performance.now();
    const billed = await billMonth(MONTH);
    const billMs = performance.now() - billStarted;
    const againStarted = performance.now();
    const again = await billMonth(MONTH);
    const againMs = performance.now() - againStarted;
    const revenue = (await platformBalance("PLATFORM_REVENUE")) - revenueBefore;
    const statuses = await db.feeBill.groupBy({ by: ["status"], where: { month: MONTH }, _count: true, _sum: { amount: true } });
    const wrong = await db.feeBill.count({ where: { month: MONTH, amount: { not: EXPECTED_BILL } } });
    const entries = await db.journalEntry.count({ where: { kind: "FEE" } });
    const audit = await db.auditLog.count({ where: { action: "FEES_BILLED" } });
    const books = await trialBalance();

    const result = {
      benchmark: "fees",
      accounts: ACCOUNTS,
      accrualDayMs: round(accrualMedian),
      accrualAccountsPerSecond: Math.round(ACCOUNTS / (accrualMedian / 1000)),
      accrualRerunMs: round(accrualRerunMs),
      billingMs: round(billMs),
      billingAccountsPerSecond: Math.round(ACCOUNTS / (billMs / 1000)),
      billingRerunMs: round(againMs),
      billedAccounts: billed.accounts,
      rebilledAccounts: again.accounts,
      feeEntries: entries,
      auditRecords: audit,
      billedCents: billed.billed.toString(),
      collectedCents: billed.collected.toString(),
      revenueCents: revenue.toString(),
      shortOfCash: billed.due.length,
      statuses: Object.fromEntries(statuses.map((row) => [row.status, row._count])),
      billsOffTheHandFigure: wrong,
      trialBalanced: books.balanced,
      seedSeconds: round(seedSeconds, 1),
    };
    log(`monthly billing: ${result.billingMs} ms for ${billed.accounts} accounts = ${result.billingAccountsPerSecond} accounts/s, ${entries} FEE entries, ${audit} audit records`);
    log(`billing again: ${result.billingRerunMs} ms, ${again.accounts} accounts billed (idempotent)`);
    log(`billed $${Number(billed.billed) / 100}, collected from cash $${Number(billed.collected) / 100} (revenue +$${Number(revenue) / 100}); ${billed.due.length} accounts short of cash, sent to sell`);
    log(`bills by status: ${JSON.stringify(result.statuses)}; bills off the hand figure of $21.23: ${wrong}; trial balance ${books.balanced ? "zero" : "NOT zero"}`);
    if (wantsJson()) console.log(JSON.stringify(result));
    await disconnectDb();
    if (wrong !== 0 || !books.balanced || revenue !== billed.collected || again.accounts !== 0 || rerun !== 0) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
