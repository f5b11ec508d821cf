/**
 * The demo investor with history (Hana Holder): a little over thirteen months of an invested account, so a new
 * database shows every chart, range, statement and projection at once. She deposited $25,000 by card on the first
 * day and invested it on the balanced model; a monthly recurring deposit of $500 from her bank came in on the
 * first weekday of every month since and was invested that day; the funds paid dividends (the bond funds monthly,
 * the stock funds at the end of each quarter), which were reinvested; the account was rebalanced twice; the
 * advisory fee accrued every day and each month was billed on the first weekday of the next (from the cash of that
 * day's deposit), except the month just ended, which the billing run bills (`/admin/operations`).
 *
 * Prices: demo-history.csv holds 300 real daily closes (2023-09-01 to 2024-11-08, from public price files;
 * scripts/seed/demo-prices.ts writes it and documents how): VTI, VWO, VNQ and GLD their own; VEA follows EFA;
 * BND and TIP follow AGG; IEF moves 0.45 × TLT's daily log returns; SGOV accrues 5 % a year and drops back each
 * month. Each column is scaled so its last close is the demo price (DEMO_PRICES, what every account is valued at
 * today) and laid on the last weekdays before today: the history ends where today's prices begin.
 *
 * Dividends (DIVIDENDS): a fund's yield × its close on the ex-date ÷ its payments a year, to the tenth of a cent
 * a share (the real funds' yields, roughly; the prices do not drop on ex-dates, they are the proxies' closes).
 *
 * Everything goes through the functions the app uses (the deposits' ledger credits, dividends recorded by the demo
 * admin and paid by the dividend job's page, the invest and rebalance runs' steps with the simulated broker, the
 * fee accrual and billing runs, the snapshots' backfill), one day at a time, oldest first, with the stored prices
 * set to that day's closes meanwhile; only the times are moved back to that day afterwards (journal entries,
 * flows, orders, lots, disposals, bills, notifications), which is the one thing the app itself never does. Audit
 * records keep the time they were written (the seed's). The dividends' requests to invest and their emails are
 * marked sent (the seed invested the cash itself; nobody wants a year of old emails). Seed-only.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { recordAudit } from "../lib/audit/record";
import type { CurrentUser } from "../lib/auth/sessions";
import { SimulatedBroker } from "../lib/brokerage/simulated";
import { db } from "../lib/db";
import { chargedShare, dailyAccrual, monthDays } from "../lib/fees/accrual";
import { daysToAccrue } from "../lib/fees/accrue";
import { closingValueSql, householdValueSql } from "../lib/fees/household";
import { accountAnnualFee } from "../lib/fees/schedule";
import { listSchedules, parseTiers, scheduleOfSql } from "../lib/fees/schedules";
import { billMonth, previousMonth } from "../lib/fees/bill";
import { NO_REQUEST_CONTEXT } from "../lib/http/request-context";
import { claimAccount, releaseAccount } from "../lib/investing/account-run-lock";
import { holdCash, placeOrders, planInvestment, releaseUnspent, settleFills } from "../lib/investing/invest";
import { planSells, settleSells } from "../lib/investing/rebalance";
import { submitRiskQuestionnaire } from "../lib/investing/risk-profile";
import { buySideKey } from "../lib/investing/run-keys";
import { recordCorporateAction } from "../lib/market-data/corporate-actions";
import { markDividendPaid, payDividendPage } from "../lib/market-data/dividends";
import { NOTIFICATION_CREATED } from "../lib/notifications/notify";
import { creditFromStripe } from "../lib/payments/account-money";
import { auditDeposit } from "../lib/payments/deposit-record";
import { firstPeriod, runAtOf } from "../lib/payments/recurring/schedule";
import { enqueuePeriod } from "../lib/payments/recurring/schedules";
import { backfillSnapshots } from "../lib/portfolio/snapshots";

export const HOLDER_EMAIL = "holder@autovest.dev";
/** $25,000.00, deposited by card and invested on the first day of the history. */
export const HOLDER_DEPOSIT = 2_500_000n;
/** $500.00 from her bank on the 1st of every month (the first weekday on or after it). */
export const MONTHLY_DEPOSIT = 50_000n;
/** How far back the history starts (calendar days before today, UTC): thirteen months and a few weeks. */
export const HISTORY_DAYS = 420;
/** The rebalances: about six and twelve months after the first day (the weekday nearest the 15th). */
export const REBALANCE_AFTER_MONTHS = [6, 12];

/** Annual yield and payments a year of each fund that pays a dividend (GLD pays none). */
export const DIVIDENDS: Record<string, { yield: string; perYear: 4 | 12 }> = {
  VTI: { yield: "0.013", perYear: 4 },
  VEA: { yield: "0.032", perYear: 4 },
  VWO: { yield: "0.030", perYear: 4 },
  VNQ: { yield: "0.039", perYear: 4 },
  BND: { yield: "0.036", perYear: 12 },
  IEF: { yield: "0.033", perYear: 12 },
  TIP: { yield: "0.026", perYear: 12 },
  SGOV: { yield: "0.050", perYear: 12 },
};

const BALANCED_ANSWERS = { horizon: "6to10", goal: "balanced", drop: "hold", income: "stable", experience: "funds", need: "maybe", loss: "10to20" };
const SOURCE = "demo seed (real closes, scaled)";
const SESSION = "00000000-0000-0000-0000-000000000000";

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const at = (day: string, time: string) => new Date(`${day}T${time}:00.000Z`);

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
 * The daily closes of each demo fund on `days`: the last `days.length` rows of its column, scaled by demo price /
 * the column's last close and rounded to the cent (so the last day closes at the demo price). A fund with no column
 * keeps its demo price.
 */
export function demoCloses(csv: string, days: string[], demoPrices: Record<string, string>): Record<string, { date: string; close: string }[]> {
  const [header, ...lines] = csv.trim().split("\n");
  const columns = header!.split(",");
  const rows = lines.map((line) => line.split(","));
  if (days.length > rows.length) throw new Error(`demo-history.csv has ${rows.length} days, ${days.length} are needed`);
  const recent = rows.slice(rows.length - days.length);
  const closes: Record<string, { date: string; close: string }[]> = {};
  for (const [symbol, demo] of Object.entries(demoPrices)) {
    const column = columns.indexOf(symbol);
    const last = column < 0 ? null : new Decimal(recent.at(-1)![column]!);
    closes[symbol] = days.map((date, i) => ({
      date,
      close: last ? new Decimal(demo).times(recent[i]![column]!).dividedBy(last).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) : new Decimal(demo).toFixed(2),
    }));
  }
  return closes;
}

/** What happens on which day of the history (`days`, oldest first; `today` is the seed's date). */
export interface Timeline {
  /** The card deposit and its investment. */
  first: string;
  /** The first weekday of each month after the first: monthly dividends, the recurring deposit, the bill of the month before, the investment. */
  monthly: { day: string; period: string; bill: string | null }[];
  /** The stock funds' dividends: ex-date the third-last weekday of a quarter, paid on the next monthly day (invested with its deposit). */
  quarterly: { day: string; exDate: string }[];
  rebalances: string[];
}

export function demoTimeline(days: string[], today: Date): Timeline {
  const first = days[0]!;
  const unbilled = previousMonth(today);
  const months = [...new Set(days.map((day) => day.slice(0, 7)))];
  const monthly = months.slice(1).map((month) => {
    const day = days.find((d) => d.startsWith(month))!;
    const before = months[months.indexOf(month) - 1]!;
    return { day, period: `${month}-01`, bill: before < unbilled ? before : null };
  });
  const quarterly = months
    .filter((month) => ["03", "06", "09", "12"].includes(month.slice(5)))
    .flatMap((month) => {
      const pay = monthly.find((m) => m.day.slice(0, 7) > month);
      const exDate = days[days.findLastIndex((d) => d.startsWith(month)) - 2];
      return pay && exDate && exDate > first ? [{ day: pay.day, exDate }] : [];
    });
  const rebalances = REBALANCE_AFTER_MONTHS.map((after) => {
    const [year, month] = first.split("-").map(Number) as [number, number];
    const target = Date.UTC(year, month - 1 + after, 15);
    return days.reduce((best, d) => (Math.abs(Date.parse(d) - target) < Math.abs(Date.parse(best) - target) ? d : best));
  }).filter((day) => day > first);
  return { first, monthly, quarterly, rebalances };
}

/** A share's dividend: yield × close ÷ payments a year, to the tenth of a cent. */
export function dividendPerShare(symbol: string, close: string): string {
  const { yield: rate, perYear } = DIVIDENDS[symbol]!;
  return new Decimal(rate).times(close).dividedBy(perYear).toDecimalPlaces(3, Decimal.ROUND_HALF_UP).toFixed(3);
}

type Account = { id: string; currency: string };
type Closes = Record<string, { date: string; close: string }[]>;

/**
 * Hana Holder's model, deposits, trades, dividends, fees and history, once (a second run finds her first deposit and
 * changes nothing). Her identity is verified first (seed.ts, as Ivy's): nothing is invested before it is.
 */
export async function seedDemoHistory(demoPrices: Record<string, string>, today = new Date()): Promise<void> {
  const hana = await db.user.findUnique({ where: { email: HOLDER_EMAIL }, select: { id: true, email: true, name: true, role: true } });
  const account = hana && (await db.investmentAccount.findFirst({ where: { userId: hana.id }, select: { id: true, modelVersionId: true, currency: true } }));
  const admin = await db.user.findFirst({ where: { role: "ADMIN" }, orderBy: { createdAt: "asc" }, select: { id: true, email: true, name: true, role: true } });
  if (!hana || !account || !admin?.name) return;
  const requestKey = `demo-history:${account.id}`;
  if (await db.deposit.findUnique({ where: { requestKey }, select: { id: true } })) return;

  const user = { ...hana, sessionId: SESSION };
  const staff = { ...admin, name: admin.name, sessionId: SESSION };
  if (!account.modelVersionId) await submitRiskQuestionnaire(user, BALANCED_ANSWERS, NO_REQUEST_CONTEXT);

  // The prices of the days since (a day that already has a bar keeps it: real prices win).
  const days = historyDays(today);
  const closes = demoCloses(readFileSync(path.join(import.meta.dirname, "demo-history.csv"), "utf8"), days, demoPrices);
  const assets = await db.asset.findMany({ where: { symbol: { in: Object.keys(closes) } }, select: { id: true, symbol: true } });
  // One statement: createMany's row-by-row parameters took seconds for the ~2,600 bars.
  const bars = assets.flatMap((asset) => closes[asset.symbol]!.map(({ date, close }) => ({ a: asset.id, d: date, c: close })));
  await db.$executeRaw`
    INSERT INTO "PriceBar" ("assetId", "date", "open", "high", "low", "close", "source")
    SELECT t.a, t.d, t.c, t.c, t.c, t.c, ${SOURCE} FROM json_to_recordset(${JSON.stringify(bars)}::json) AS t(a uuid, d date, c numeric)
    ON CONFLICT DO NOTHING`;
  const timeline = demoTimeline(days, today);
  const { first } = timeline;
  // Rows written from now on belong to the day being played until they are moved back to it (stampDay).
  const seedStart = new Date();
  const opened = new Date(at(first, "15:00").getTime() - 3_600_000);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "InvestmentAccount" SET "createdAt" = ${opened} WHERE "id" = ${account.id}::uuid`;
    await tx.$executeRaw`UPDATE "User" SET "createdAt" = ${opened} WHERE "id" = ${hana.id}::uuid`;
  });
  const stamp = (when: Date) => stampRows(account.id, hana.id, seedStart, when);
  const day = new DayPrices(assets, closes);

  try {
    // The first day: the card deposit, invested; the bank linked and the monthly deposit set up.
    await day.set(first);
    await dated(at(first, "15:00"), () => cardDeposit(account, requestKey, at(first, "15:00")));
    await dated(at(first, "15:30"), () => invest(account.id));
    await stamp(at(first, "15:30"));
    const schedule = await setUpRecurringDeposit(hana.id, account, at(first, "16:00"), today);

    const held = async () => new Set((await db.holding.findMany({ where: { investmentAccountId: account.id, quantity: { gt: 0 } }, select: { symbol: true } })).map((h) => h.symbol));
    const monthlyPayers = Object.keys(DIVIDENDS).filter((symbol) => DIVIDENDS[symbol]!.perYear === 12);
    const quarterlyPayers = Object.keys(DIVIDENDS).filter((symbol) => DIVIDENDS[symbol]!.perYear === 4);
    // A monthly day: the dividends paid that day (13:00), her deposit (14:00), the bill of the month before (14:30),
    // all the cash invested (15:00).
    const monthDay = async ({ day: d, period, bill }: Timeline["monthly"][number]): Promise<void> => {
      const holding = await held();
      const quarter = timeline.quarterly.find((q) => q.day === d);
      await dated(at(d, "13:00"), async () => {
        for (const symbol of monthlyPayers.filter((s) => holding.has(s))) await payDividend(staff, symbol, d, d, closes);
        for (const symbol of quarter ? quarterlyPayers.filter((s) => holding.has(s)) : []) await payDividend(staff, symbol, quarter!.exDate, d, closes);
      });
      await stamp(at(d, "13:00"));
      await dated(at(d, "14:00"), () => recurringDeposit(schedule, account, period, at(d, "14:00")));
      if (bill) {
        await accrueMonth({ id: account.id, userId: hana.id }, bill, first);
        await dated(at(d, "14:30"), () => billMonth(bill).then(() => undefined));
      }
      await stamp(at(d, "14:30"));
      await dated(at(d, "15:00"), () => invest(account.id));
      await stamp(at(d, "15:00"));
    };
    const steps = [
      ...timeline.monthly.map((m) => ({ day: m.day, order: 0, run: () => monthDay(m) })),
      ...timeline.rebalances.map((d) => ({ day: d, order: 1, run: () => dated(at(d, "16:00"), () => rebalance(account.id)).then(() => stamp(at(d, "16:00"))) })),
    ].sort((a, b) => a.day.localeCompare(b.day) || a.order - b.order);
    for (const step of steps) {
      await day.set(step.day);
      await step.run();
    }
  } finally {
    await day.restore();
  }

  // The days since the last bill accrued, as the daily accrual did; then the snapshots written again from the first
  // day on (the flows refreshed each day's as they moved).
  const months = [...new Set(days.map((d) => d.slice(0, 7)))];
  const lastBilled = timeline.monthly.map((m) => m.bill).filter((m) => m !== null).at(-1) ?? null;
  for (const month of months.filter((m) => !lastBilled || m > lastBilled)) await accrueMonth({ id: account.id, userId: hana.id }, month, first, isoDay(today));
  await db.portfolioSnapshot.deleteMany({ where: { investmentAccountId: account.id } });
  await backfillSnapshots(first, { accounts: [account.id] });
}

/** Sets the stored prices (what the simulated broker fills at and flows are valued at) to a day's closes, and back. */
class DayPrices {
  private stored: { assetId: string; price: Decimal.Value; asOf: Date }[] | null = null;
  constructor(
    private readonly assets: { id: string; symbol: string }[],
    private readonly closes: Closes,
  ) {}

  async set(day: string): Promise<void> {
    this.stored ??= (await db.assetPrice.findMany({ where: { assetId: { in: this.assets.map((a) => a.id) } } })).map((p) => ({ assetId: p.assetId, price: p.price.toString(), asOf: p.asOf }));
    await db.$transaction(
      this.assets.map((asset) =>
        db.assetPrice.updateMany({ where: { assetId: asset.id }, data: { price: this.closes[asset.symbol]!.find((c) => c.date === day)!.close } }),
      ),
    );
  }

  async restore(): Promise<void> {
    if (!this.stored) return;
    await db.$transaction(this.stored.map((p) => db.assetPrice.update({ where: { assetId: p.assetId }, data: { price: p.price.toString(), asOf: p.asOf } })));
  }
}

/**
 * Runs `work` with the journal entries it posts dated `when`: entries are append-only and take their time from the
 * column's default (the transaction's), so the default is `when` meanwhile, and the transaction's time again after
 * (also when `work` fails). Seed-only: nothing else may post while it runs.
 */
async function dated(when: Date, work: () => Promise<void>): Promise<void> {
  await db.$executeRawUnsafe(`ALTER TABLE "JournalEntry" ALTER COLUMN "createdAt" SET DEFAULT '${when.toISOString()}'::timestamptz`);
  try {
    await work();
  } finally {
    await db.$executeRawUnsafe(`ALTER TABLE "JournalEntry" ALTER COLUMN "createdAt" SET DEFAULT CURRENT_TIMESTAMP`);
  }
}

/**
 * Moves the rows the account's day wrote (those timed after the seed began) back to `when`: orders and the
 * broker's, tax lots, lot disposals (with their term: long when the lot was held over a year on `when`), deposits,
 * bills, periods, dividends, notifications; the dividends' invest requests and emails are marked sent then.
 */
async function stampRows(accountId: string, userId: string, since: Date, when: Date): Promise<void> {
  await db.$transaction([
    db.$executeRaw`UPDATE "SimulatedBrokerOrder" SET "createdAt" = ${when}, "filledAt" = CASE WHEN "filledAt" IS NULL THEN NULL ELSE ${when}::timestamptz END
      WHERE "createdAt" >= ${since} AND "clientOrderId" IN (SELECT "clientOrderId" FROM "Order" WHERE "investmentAccountId" = ${accountId}::uuid AND "createdAt" >= ${since})`,
    db.$executeRaw`UPDATE "Order" SET "createdAt" = ${when}, "updatedAt" = ${when}, "settledAt" = CASE WHEN "settledAt" IS NULL THEN NULL ELSE ${when}::timestamptz END
      WHERE "investmentAccountId" = ${accountId}::uuid AND "createdAt" >= ${since}`,
    db.$executeRaw`UPDATE "TaxLot" SET "acquiredAt" = ${when} WHERE "investmentAccountId" = ${accountId}::uuid AND "acquiredAt" >= ${since}`,
    db.$executeRaw`UPDATE "Deposit" SET "updatedAt" = ${when} WHERE "investmentAccountId" = ${accountId}::uuid AND "updatedAt" >= ${since}`,
    db.$executeRaw`UPDATE "FeeBill" SET "createdAt" = ${when}, "collectedAt" = CASE WHEN "collectedAt" IS NULL THEN NULL ELSE ${when}::timestamptz END
      WHERE "investmentAccountId" = ${accountId}::uuid AND "createdAt" >= ${since}`,
    db.$executeRaw`UPDATE "RecurringDepositPeriod" SET "createdAt" = ${when}, "updatedAt" = ${when}
      WHERE "updatedAt" >= ${since} AND "scheduleId" IN (SELECT "id" FROM "RecurringDeposit" WHERE "investmentAccountId" = ${accountId}::uuid)`,
    db.$executeRaw`UPDATE "CorporateAction" SET "recordedAt" = ${when}, "paidAt" = CASE WHEN "paidAt" IS NULL THEN NULL ELSE ${when}::timestamptz END
      WHERE "recordedAt" >= ${since} AND "source" = 'admin'`,
    db.$executeRaw`UPDATE "OutboxEvent" SET "createdAt" = ${when}, "nextAttemptAt" = ${when}, "sentAt" = ${when}
      WHERE "createdAt" >= ${since} AND "sentAt" IS NULL AND ("dedupeKey" LIKE 'dividend-reinvest:%' OR ("name" = ${NOTIFICATION_CREATED}
        AND "data"->>'notificationId' IN (SELECT "id"::text FROM "Notification" WHERE "userId" = ${userId}::uuid AND "createdAt" >= ${since})))`,
    db.$executeRaw`UPDATE "Notification" SET "createdAt" = ${when}, "readAt" = ${when}, "emailedAt" = ${when} WHERE "userId" = ${userId}::uuid AND "createdAt" >= ${since}`,
  ]);
  // Lot disposals are append-only (a trigger refuses changes): the trigger is off for this one statement, in its
  // transaction (DDL is transactional: nothing else ever sees it off).
  if ((await db.lotDisposal.count({ where: { investmentAccountId: accountId, soldAt: { gte: since } } })) === 0) return;
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`ALTER TABLE "LotDisposal" DISABLE TRIGGER "LotDisposal_append_only"`);
    await tx.$executeRaw`UPDATE "LotDisposal" d SET "soldAt" = ${when},
      "term" = (CASE WHEN l."acquiredAt" + interval '1 year' < ${when}::timestamptz THEN 'LONG' ELSE 'SHORT' END)::"HoldingTerm"
      FROM "TaxLot" l WHERE l."id" = d."lotId" AND d."investmentAccountId" = ${accountId}::uuid AND d."soldAt" >= ${since}`;
    await tx.$executeRawUnsafe(`ALTER TABLE "LotDisposal" ENABLE TRIGGER "LotDisposal_append_only"`);
  });
}

/** The first deposit, credited as a card payment's webhook credits one (the flow and its snapshot with it). */
async function cardDeposit(account: Account, requestKey: string, when: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const created = await tx.deposit.create({
      data: { investmentAccountId: account.id, amount: HOLDER_DEPOSIT, currency: account.currency, method: "CARD", requestKey, testMode: true, status: "SUCCEEDED", settledAt: when, createdAt: when },
    });
    const credit = await creditFromStripe(tx, {
      investmentAccountId: account.id,
      amount: HOLDER_DEPOSIT,
      idempotencyKey: `deposit:${created.id}:credit`,
      kind: "DEPOSIT",
      cause: { type: "Deposit", id: created.id },
    });
    await auditDeposit(tx, "DEPOSIT_SUCCEEDED", created, { amount: HOLDER_DEPOSIT.toString(), repaidDebt: credit.repaid.toString(), source: "demo seed", settledAt: when.toISOString() });
  });
}

/**
 * Her bank (Stripe's test account, verified) and a monthly deposit of $500 on the 1st, set up on the first day. It is
 * active: its next period (after today) is enqueued as the schedule page enqueues one, so it goes on in development.
 */
async function setUpRecurringDeposit(userId: string, account: Account, when: Date, today: Date): Promise<{ id: string; bank: string }> {
  const rule = { frequency: "MONTHLY" as const, dayOfMonth: 1 };
  const next = firstPeriod(rule, today);
  return db.$transaction(async (tx) => {
    const bank = await tx.linkedBankAccount.create({
      data: { userId, bankName: "STRIPE TEST BANK", last4: "6789", accountType: "checking", status: "VERIFIED", testMode: true, testBehaviour: "succeeds", createdAt: when, verifiedAt: when },
    });
    const schedule = await tx.recurringDeposit.create({
      data: {
        investmentAccountId: account.id,
        bankAccountId: bank.id,
        amount: MONTHLY_DEPOSIT,
        currency: account.currency,
        frequency: rule.frequency,
        dayOfMonth: rule.dayOfMonth,
        nextPeriodDate: next,
        nextRunAt: runAtOf(next),
        createdAt: when,
      },
    });
    await recordAudit(tx, {
      action: "RECURRING_DEPOSIT_CREATED",
      actorId: userId,
      target: { type: "RecurringDeposit", id: schedule.id },
      context: NO_REQUEST_CONTEXT,
      details: { investmentAccountId: account.id, amount: MONTHLY_DEPOSIT.toString(), currency: account.currency, frequency: "MONTHLY", dayOfMonth: "1", version: "1", source: "demo seed" },
    });
    await enqueuePeriod(tx, schedule, next, schedule.nextRunAt!);
    return { id: schedule.id, bank: "STRIPE TEST BANK ••••6789" };
  });
}

/** One period's deposit from her bank, settled and credited as the bank debit's webhook credits it. */
async function recurringDeposit(schedule: { id: string; bank: string }, account: Account, period: string, when: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const made = await tx.recurringDepositPeriod.create({ data: { scheduleId: schedule.id, periodDate: new Date(period), status: "SUCCEEDED", attempts: 1 } });
    const created = await tx.deposit.create({
      data: {
        investmentAccountId: account.id,
        amount: MONTHLY_DEPOSIT,
        currency: account.currency,
        method: "US_BANK_ACCOUNT",
        requestKey: `recurring:${made.id}:attempt-1`,
        testMode: true,
        status: "SUCCEEDED",
        settledAt: when,
        createdAt: when,
        recurringPeriodId: made.id,
        recurringAttempt: 1,
      },
    });
    const credit = await creditFromStripe(tx, {
      investmentAccountId: account.id,
      amount: MONTHLY_DEPOSIT,
      idempotencyKey: `deposit:${created.id}:credit`,
      kind: "DEPOSIT",
      cause: { type: "Deposit", id: created.id },
    });
    await auditDeposit(tx, "DEPOSIT_SUCCEEDED", created, { amount: MONTHLY_DEPOSIT.toString(), repaidDebt: credit.repaid.toString(), source: "demo seed", settledAt: when.toISOString(), bank: schedule.bank });
  });
}

/** A fund's dividend, recorded by the admin as the corporate-actions page records it, then paid as the dividend job pays it. */
async function payDividend(admin: CurrentUser, symbol: string, exDate: string, payDate: string, closes: Closes): Promise<void> {
  const close = closes[symbol]?.find((c) => c.date === exDate)?.close;
  if (!close) return;
  const input = { kind: "CASH_DIVIDEND", symbol, exDate, recordDate: exDate, payDate, amountPerShare: dividendPerShare(symbol, close), qualified: DIVIDENDS[symbol]!.perYear === 4 };
  const action = await recordCorporateAction(admin, input, NO_REQUEST_CONTEXT);
  for (let page = await payDividendPage(action.id, null); page.last; page = await payDividendPage(action.id, page.last));
  await markDividendPaid(action.id);
}

/** An invest run's steps, as the workflow runs them (at the stored prices, the day's closes). */
async function invest(accountId: string): Promise<void> {
  const runId = randomUUID();
  await claim(accountId, runId, "invest");
  try {
    await buy(accountId, runId);
  } finally {
    await releaseAccount(accountId, runId);
  }
}

/** A rebalance run's steps: the overweight funds sold (tax lots chosen to realise the least gain), then the cash bought back in. */
async function rebalance(accountId: string): Promise<void> {
  const runId = randomUUID();
  await claim(accountId, runId, "rebalance");
  try {
    if ((await planSells(accountId, runId)) > 0) {
      await placeOrders(runId, new SimulatedBroker({ spreadBps: 0 }));
      await settleSells(accountId, runId);
    }
    await buy(accountId, buySideKey(runId));
  } finally {
    await releaseAccount(accountId, runId);
  }
}

async function claim(accountId: string, runId: string, kind: "invest" | "rebalance"): Promise<void> {
  const claimed = await claimAccount(accountId, runId, kind, null);
  if (!claimed.acquired) throw new Error(`Hana Holder's account is held by ${claimed.heldBy}`);
}

async function buy(accountId: string, runId: string): Promise<void> {
  const held = await holdCash(accountId, runId);
  if (held === 0n) return;
  await planInvestment(accountId, runId, held);
  await placeOrders(runId, new SimulatedBroker({ spreadBps: 0 }));
  await settleFills(accountId, runId);
  await releaseUnspent(accountId, runId, held);
}

/**
 * The daily fee accruals of `month`'s days from `from` on and before `before`, from the snapshots of those days
 * (written first, from the books as they stand, that month only). The rows are the daily run's (lib/fees/accrue.ts accruePage: the
 * same value, household, schedule and waiver SQL, the same fee functions), for her one account and all the days in
 * one statement rather than a run a day: the run's per-day pages cost most of the seed's time. Every other account
 * was opened today, so each day is then accrued for every account (the day's mark, as markDayAccrued writes it).
 * prisma/demo-history.db.test.ts checks the rows against accrueDay's.
 */
async function accrueMonth(account: { id: string; userId: string }, month: string, from: string, before?: string): Promise<void> {
  const { first, last } = monthDays(month);
  const end = isoDay(new Date(Date.parse(last) + 86_400_000));
  await backfillSnapshots(first > from ? first : from, { accounts: [account.id], to: before && before < end ? before : end });
  const days = (await daysToAccrue(month)).filter((day) => day >= from && (!before || day < before));
  if (days.length === 0) return;
  const rows = await db.$queryRawUnsafe<{ day: string; value: bigint; household: bigint; schedule_id: string; waived: string | null }[]>(
    `SELECT d.day::text AS day, coalesce(v.value, 0)::bigint AS value,
       CASE WHEN v.value > 0 THEN ${householdValueSql(`$2::uuid`, "d.day")} ELSE 0 END AS household,
       ${scheduleOfSql(`$2::uuid`)} AS schedule_id,
       (SELECT max(w."fraction")::text FROM "FeeWaiver" w WHERE w."userId" = $2::uuid AND d.day BETWEEN w."from" AND w."to") AS waived
     FROM unnest($3::date[]) AS d(day) LEFT JOIN LATERAL (${closingValueSql(`$1::uuid`, "d.day")}) v ON true
     ORDER BY d.day`,
    account.id,
    account.userId,
    days,
  );
  const tiers = new Map((await listSchedules()).map((schedule) => [schedule.id, schedule.tiers]));
  const accrued = rows
    .filter((row) => row.value > 0n)
    .map((row) => {
      const waived = new Decimal(row.waived ?? 0);
      const annualFee = accountAnnualFee(tiers.get(row.schedule_id) ?? parseTiers([]), row.value, row.household).times(
        chargedShare(row.day, [{ from: row.day, to: row.day, fraction: waived }]),
      );
      return { a: account.id, d: row.day, v: row.value.toString(), h: row.household.toString(), s: row.schedule_id, f: annualFee.toFixed(10), m: dailyAccrual(annualFee, row.day).toFixed(10), w: waived.toFixed(4) };
    });
  await db.$transaction([
    db.$executeRawUnsafe(
      `INSERT INTO "FeeAccrual" ("investmentAccountId", "day", "value", "householdValue", "scheduleId", "annualFee", "amount", "waived")
       SELECT t.a, t.d, t.v, t.h, t.s, t.f, t.m, t.w
       FROM json_to_recordset($1::json) AS t(a uuid, d date, v bigint, h bigint, s uuid, f numeric, m numeric, w numeric)
       ON CONFLICT DO NOTHING`,
      JSON.stringify(accrued),
    ),
    db.feeAccrualDay.createMany({ data: days.map((day) => ({ day: new Date(day), accounts: 1 })), skipDuplicates: true }),
  ]);
}
