import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { holdingsOf } from "../../lib/investing/portfolio";
import { kycOf } from "../../lib/kyc/profile";
import { investorBalances } from "../../lib/ledger/accounts";
import { trialBalance } from "../../lib/ledger/trial-balance";
import { performanceOfAccount } from "../../lib/portfolio/performance";
import { listTransactions } from "../../lib/portfolio/transactions";
import { migrationStatus } from "../db/migrations";
import { seedLarge, tradingDays, type LargeSeedResult } from "./large";

// The same generator as `npm run seed:large`, small: 60 investors over one year.
const TODAY = new Date("2026-11-20T22:00:00Z");
let result: LargeSeedResult;
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(async () => {
  await client.connect();
  result = await seedLarge(client, { investors: 60, years: 1, today: TODAY, passwordHash: "not-a-real-hash", seed: 7 });
}, 120_000);
afterAll(() => client.end());

const rows = async <T>(text: string) => (await client.query(text)).rows as T[];

describe("seed:large", () => {
  it("builds a year of trading days with a bar per fund per day, ending at today's price", async () => {
    const days = tradingDays(TODAY, 1);
    expect(days.at(-1)).toBe("2026-11-20");
    expect(days).not.toContain("2026-11-26"); // Thanksgiving 2025 is 11-27; no weekend or holiday appears
    expect(days).not.toContain("2025-12-25");
    // 261 weekdays from Nov 21, 2025 to Nov 20, 2026, less the NYSE's ten holidays between: Thanksgiving,
    // Christmas, New Year's Day, Martin Luther King Jr. Day, Presidents' Day, Good Friday, Memorial Day,
    // Juneteenth, Independence Day (observed on Friday, July 3) and Labor Day.
    expect(days).toHaveLength(251);
    expect(result.tradingDays).toBe(days.length);
    expect(result.priceBars).toBe(days.length * 9);
    const [latest] = await rows<{ price: string; close: string }>(`
      SELECT p.price::text, b.close::text FROM "AssetPrice" p JOIN "Asset" a ON a.id = p."assetId"
      JOIN "PriceBar" b ON b."assetId" = a.id AND b.date = '2026-11-20' WHERE a.symbol = 'VTI'`);
    expect(latest).toEqual({ price: "290.120000", close: "290.120000" });
    const [bad] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM "PriceBar" WHERE low > least(open, close) OR high < greatest(open, close) OR low <= 0`);
    expect(bad!.n).toBe(0);
  });

  it("keeps the ledger whole: balances are the sum of their postings, versions run 1..n, cash never went below zero", async () => {
    expect(result.investors).toBe(60);
    expect(result.postings).toBeGreaterThan(result.journalEntries);
    const [ledger] = await rows<{ wrong: number; negative: number; held: number }>(`
      SELECT
        (SELECT count(*)::int FROM "LedgerAccount" la LEFT JOIN (
           SELECT "ledgerAccountId" AS id, sum(amount) AS total, count(*) AS n, max("accountVersion") AS top FROM "Posting" GROUP BY 1
         ) p ON p.id = la.id
         WHERE la.balance <> coalesce(p.total, 0) OR la.version <> coalesce(p.n, 0) OR la.version <> coalesce(p.top, 0)) AS wrong,
        (SELECT count(*)::int FROM "Posting" p JOIN "LedgerAccount" la ON la.id = p."ledgerAccountId"
         WHERE la.kind IN ('INVESTOR_CASH', 'INVESTOR_CASH_HELD') AND p."balanceAfter" < 0) AS negative,
        (SELECT count(*)::int FROM "LedgerAccount" WHERE kind = 'INVESTOR_CASH_HELD' AND balance <> 0) AS held`);
    expect(ledger).toEqual({ wrong: 0, negative: 0, held: 0 });
    expect(await trialBalance()).toMatchObject({ balanced: true, discrepancies: [] });
  });

  it("leaves the schema exactly as the migrations built it (indexes rebuilt under their names)", async () => {
    expect(await migrationStatus(process.env.DATABASE_URL!)).toMatchObject({ ok: true, databaseDrift: null });
  });

  it("gives every investor a history the app reads back consistently", async () => {
    const accounts = await rows<{ id: string; deposits: string; first: string; days: number }>(`
      SELECT a.id, (SELECT sum(amount) FROM "Deposit" d WHERE d."investmentAccountId" = a.id)::text AS deposits,
        (SELECT min(date)::text FROM "PortfolioSnapshot" s WHERE s."investmentAccountId" = a.id) AS first,
        (SELECT count(*)::int FROM "PortfolioSnapshot" s WHERE s."investmentAccountId" = a.id) AS days
      FROM "InvestmentAccount" a JOIN "User" u ON u.id = a."userId" WHERE u.email LIKE '%@large.autovest.dev' ORDER BY u.email LIMIT 8`);
    expect(accounts).toHaveLength(8);
    const days = tradingDays(TODAY, 1);
    for (const account of accounts) {
      const [holdings, balances, performance, snapshots] = await Promise.all([
        holdingsOf(account.id),
        investorBalances(account.id),
        performanceOfAccount(account.id, "ALL"),
        db.portfolioSnapshot.findMany({ where: { investmentAccountId: account.id }, orderBy: { date: "asc" } }),
      ]);
      // A snapshot for every trading day since the account opened, flows adding up to the deposits.
      expect(account.days).toBe(days.length - days.indexOf(account.first));
      expect(snapshots.reduce((sum, s) => sum + s.netFlow, 0n).toString()).toBe(account.deposits);
      // Today's snapshot is what the holdings table adds up to at the latest prices, to the cent.
      const last = snapshots.at(-1)!;
      expect(last.marketValue).toBe(holdings.invested);
      expect(last.cash).toBe(balances.INVESTOR_CASH);
      expect(balances.INVESTOR_CASH).toBeLessThan(100n + 100n); // at most $1 idle, plus the broker's rounding
      expect(performance.series).toHaveLength(account.days);
      if (account.days >= 2) expect(Math.abs(performance.timeWeighted!)).toBeLessThan(1);
      // Every deposit, hold, fill and release in the account's transactions; internal moves net out.
      const { transactions } = await listTransactions(account.id, { type: "deposit", limit: 500 });
      expect(transactions.reduce((sum, t) => sum + t.amount, 0n).toString()).toBe(account.deposits);
    }
  });

  it("verified every investor's identity before their money went in, sealed as the app seals it", async () => {
    const [counts] = await rows<{ investors: number; approved: number }>(`
      SELECT count(*)::int AS investors, count(k."userId") FILTER (WHERE k.status = 'APPROVED')::int AS approved
      FROM "User" u LEFT JOIN "KycProfile" k ON k."userId" = u.id WHERE u.email LIKE '%@large.autovest.dev'`);
    expect(counts!.approved).toBe(counts!.investors);
    const [one] = await rows<{ id: string; last4: string }>(`SELECT "userId" AS id, "taxIdLast4" AS last4 FROM "KycProfile" LIMIT 1`);
    const kyc = await kycOf(one!.id);
    expect(kyc).toMatchObject({ status: "APPROVED", taxId: `•••-••-${one!.last4}` });
    expect(kyc!.dateOfBirth).toMatch(/^••\/••\/(19[5-9]\d|2000)$/);
  });
});
