/**
 * The demo investor with history (Hana Holder): a deposit invested on the balanced model about 90 days ago and a
 * daily portfolio since, so a new database shows a chart, and a month that has ended has fees to bill.
 *
 * Prices: demo-history.csv holds 70 real daily closes (2024-08-02 to 2024-11-08, from the public price files the
 * project checks its work against) of funds standing in for the model's: VTI for VTI, EFA for VEA, VWO, AGG for BND
 * and TIP, TLT for IEF, VNQ and GLD (SGOV, a Treasury-bill fund, stays at its demo price). Each series is scaled
 * so that its last close is the demo price (DEMO_PRICES, what every account is valued at today), and laid on the
 * last weekdays before today: the history ends where today's prices begin.
 *
 * Everything goes through the functions the app uses (the deposit's ledger credit, the invest run's hold, orders,
 * fills, holdings and tax lots, the snapshots' backfill); only the times are moved back to the day of the deposit
 * afterwards (journal entries, flow, orders, lots), which is the one thing the app itself never does. Audit records
 * keep the time they were written (the seed's). Seed-only.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { SimulatedBroker } from "../lib/brokerage/simulated";
import { db } from "../lib/db";
import { NO_REQUEST_CONTEXT } from "../lib/http/request-context";
import { claimAccount, releaseAccount } from "../lib/investing/account-run-lock";
import { holdCash, placeOrders, planInvestment, releaseUnspent, settleFills } from "../lib/investing/invest";
import { submitRiskQuestionnaire } from "../lib/investing/risk-profile";
import { creditFromStripe } from "../lib/payments/account-money";
import { auditDeposit } from "../lib/payments/deposit-record";
import { backfillSnapshots } from "../lib/portfolio/snapshots";

export const HOLDER_EMAIL = "holder@autovest.dev";
/** $25,000.00, deposited and invested on the first day of the history. */
export const HOLDER_DEPOSIT = 2_500_000n;
/** How far back the history starts (calendar days before today, UTC). */
export const HISTORY_DAYS = 90;

/** The real fund whose closes each demo fund follows (SGOV: none, it keeps its price). */
export const PROXIES: Record<string, string> = { VTI: "VTI", VEA: "EFA", VWO: "VWO", BND: "AGG", TIP: "AGG", IEF: "TLT", VNQ: "VNQ", GLD: "GLD" };

const BALANCED_ANSWERS = { horizon: "6to10", goal: "balanced", drop: "hold", income: "stable", experience: "funds", need: "maybe", loss: "10to20" };
const SOURCE = "demo seed (real closes, scaled)";

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The weekdays (UTC) from `HISTORY_DAYS` days before `today` to the day before it, oldest first. */
export function historyDays(today: Date): string[] {
  const days: string[] = [];
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - HISTORY_DAYS);
  for (let day = new Date(start); isoDay(day) < isoDay(today); day = new Date(day.getTime() + 86_400_000)) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.push(isoDay(day));
  }
  return days;
}

/**
 * The daily closes of each demo fund on `days`: the last `days.length` rows of the real series, each scaled by
 * demo price / the series' last close and rounded to the cent (so the last day closes at the demo price).
 */
export function demoCloses(csv: string, days: string[], demoPrices: Record<string, string>): Record<string, { date: string; close: string }[]> {
  const [header, ...lines] = csv.trim().split("\n");
  const columns = header!.split(",");
  const rows = lines.map((line) => line.split(","));
  if (days.length > rows.length) throw new Error(`demo-history.csv has ${rows.length} days, ${days.length} are needed`);
  const recent = rows.slice(rows.length - days.length);
  const closes: Record<string, { date: string; close: string }[]> = {};
  for (const [symbol, demo] of Object.entries(demoPrices)) {
    const proxy = PROXIES[symbol];
    const column = proxy ? columns.indexOf(proxy) : -1;
    if (proxy && column < 0) throw new Error(`demo-history.csv has no ${proxy} column`);
    const last = column < 0 ? null : new Decimal(recent.at(-1)![column]!);
    closes[symbol] = days.map((date, i) => ({
      date,
      close: last ? new Decimal(demo).times(recent[i]![column]!).dividedBy(last).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) : new Decimal(demo).toFixed(2),
    }));
  }
  return closes;
}

/**
 * Hana Holder's model, deposit, investment and history, once (a second run finds her deposit and changes nothing).
 * Her identity is verified first (seed.ts, as Ivy's): nothing is invested before it is.
 */
export async function seedDemoHistory(demoPrices: Record<string, string>, today = new Date()): Promise<void> {
  const hana = await db.user.findUnique({ where: { email: HOLDER_EMAIL }, select: { id: true, email: true, name: true, role: true } });
  const account = hana && (await db.investmentAccount.findFirst({ where: { userId: hana.id }, select: { id: true, modelVersionId: true, currency: true } }));
  if (!hana || !account) return;
  const requestKey = `demo-history:${account.id}`;
  if (await db.deposit.findUnique({ where: { requestKey }, select: { id: true } })) return;

  const user = { ...hana, sessionId: "00000000-0000-0000-0000-000000000000" };
  if (!account.modelVersionId) await submitRiskQuestionnaire(user, BALANCED_ANSWERS, NO_REQUEST_CONTEXT);

  // The prices of the days since (a day that already has a bar keeps it: real prices win).
  const days = historyDays(today);
  const closes = demoCloses(readFileSync(path.join(import.meta.dirname, "demo-history.csv"), "utf8"), days, demoPrices);
  const assets = await db.asset.findMany({ where: { symbol: { in: Object.keys(closes) } }, select: { id: true, symbol: true } });
  await db.priceBar.createMany({
    data: assets.flatMap((asset) =>
      closes[asset.symbol]!.map(({ date, close }) => ({ assetId: asset.id, date: new Date(date), open: close, high: close, low: close, close, source: SOURCE })),
    ),
    skipDuplicates: true,
  });

  // The deposit, credited as a card payment's webhook credits one, and invested the same day.
  const first = days[0]!;
  const at = new Date(`${first}T15:00:00.000Z`);
  const runId = randomUUID();
  await withEntriesDated(at, async () => {
    await deposit(account, requestKey, at);
    await invest(account.id, runId, assets, closes);
  });

  // Then the rest of the day's rows (orders, lots) and the account's opening; the snapshots are written again
  // from the first day on (the deposit refreshed that day's as it moved, valued at today's prices).
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "Order" SET "createdAt" = ${at}, "updatedAt" = ${at}, "settledAt" = ${at} WHERE "runId" = ${runId}`;
    await tx.$executeRaw`UPDATE "SimulatedBrokerOrder" SET "createdAt" = ${at}, "filledAt" = ${at} WHERE "clientOrderId" LIKE ${`${runId}:%`}`;
    await tx.$executeRaw`UPDATE "TaxLot" SET "acquiredAt" = ${at} WHERE "investmentAccountId" = ${account.id}::uuid`;
    const opened = new Date(at.getTime() - 3_600_000);
    await tx.$executeRaw`UPDATE "InvestmentAccount" SET "createdAt" = ${opened} WHERE "id" = ${account.id}::uuid`;
    await tx.$executeRaw`UPDATE "User" SET "createdAt" = ${opened} WHERE "id" = ${hana.id}::uuid`;
    await tx.portfolioSnapshot.deleteMany({ where: { investmentAccountId: account.id } });
  });
  await backfillSnapshots(first, { accounts: [account.id] });
}

/**
 * Runs `work` with the journal entries it posts dated `at`: entries are append-only and take their time from the
 * column's default (the transaction's), so the default is `at` meanwhile, and the transaction's time again after
 * (also when `work` fails). Seed-only: nothing else may post while it runs.
 */
async function withEntriesDated(at: Date, work: () => Promise<void>): Promise<void> {
  await db.$executeRawUnsafe(`ALTER TABLE "JournalEntry" ALTER COLUMN "createdAt" SET DEFAULT '${at.toISOString()}'::timestamptz`);
  try {
    await work();
  } finally {
    await db.$executeRawUnsafe(`ALTER TABLE "JournalEntry" ALTER COLUMN "createdAt" SET DEFAULT CURRENT_TIMESTAMP`);
  }
}

/** The deposit, credited as a card payment's webhook credits one (the flow and its snapshot with it). */
async function deposit(account: { id: string; currency: string }, requestKey: string, at: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const created = await tx.deposit.create({
      data: { investmentAccountId: account.id, amount: HOLDER_DEPOSIT, currency: account.currency, method: "CARD", requestKey, testMode: true, status: "SUCCEEDED", settledAt: at, createdAt: at },
    });
    const credit = await creditFromStripe(tx, {
      investmentAccountId: account.id,
      amount: HOLDER_DEPOSIT,
      idempotencyKey: `deposit:${created.id}:credit`,
      kind: "DEPOSIT",
      cause: { type: "Deposit", id: created.id },
    });
    await auditDeposit(tx, "DEPOSIT_SUCCEEDED", created, { amount: HOLDER_DEPOSIT.toString(), repaidDebt: credit.repaid.toString(), source: "demo seed", settledAt: at.toISOString() });
  });
}

/**
 * An invest run's steps, as the workflow runs them, at the first day's closes: the simulated broker fills at the
 * stored price, so the stored prices are that day's while the run places its orders, and today's again after.
 */
async function invest(accountId: string, runId: string, assets: { id: string; symbol: string }[], closes: Record<string, { close: string }[]>): Promise<void> {
  const stored = await db.assetPrice.findMany({ where: { assetId: { in: assets.map((a) => a.id) } } });
  try {
    for (const asset of assets) await db.assetPrice.updateMany({ where: { assetId: asset.id }, data: { price: closes[asset.symbol]![0]!.close } });
    const claim = await claimAccount(accountId, runId, "invest", null);
    if (!claim.acquired) throw new Error(`Hana Holder's account is held by ${claim.heldBy}`);
    const held = await holdCash(accountId, runId);
    await planInvestment(accountId, runId, held);
    await placeOrders(runId, new SimulatedBroker({ spreadBps: 0 }));
    await settleFills(accountId, runId);
    await releaseUnspent(accountId, runId, held);
    await releaseAccount(accountId, runId);
  } finally {
    for (const price of stored) await db.assetPrice.update({ where: { assetId: price.assetId }, data: { price: price.price, asOf: price.asOf } });
  }
}
