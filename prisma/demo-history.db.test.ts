import Decimal from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { monthBill } from "../lib/fees/accrual";
import { accrueDay } from "../lib/fees/accrue";
import { previousMonth } from "../lib/fees/bill";
import { trialBalance } from "../lib/ledger/trial-balance";
import { reconcile } from "../lib/operations/reconcile";
import { CASH_KINDS } from "../lib/portfolio/account-value";
import { HISTORY_DAYS, HOLDER_DEPOSIT, HOLDER_EMAIL, MONTHLY_DEPOSIT } from "./demo-history";
import { DEMO_PRICES, seedDemoData } from "./seed";

// Seeding a year of history on a shared test machine takes a while.
const SLOW = 900_000;
const accountOf = async (email: string) => (await db.investmentAccount.findFirstOrThrow({ where: { user: { email } }, select: { id: true } })).id;
const iso = (date: Date) => date.toISOString().slice(0, 10);

/** Row counts of everything the history writes, and Hana's snapshots, to compare two seedings. */
async function footprint() {
  const hana = await accountOf(HOLDER_EMAIL);
  return {
    users: await db.user.count(),
    entries: await db.journalEntry.count(),
    postings: await db.posting.count(),
    bars: await db.priceBar.count(),
    goals: await db.goal.count(),
    orders: await db.order.count(),
    lots: await db.taxLot.count(),
    deposits: await db.deposit.count(),
    dividends: await db.corporateAction.count(),
    accruals: await db.feeAccrual.count(),
    bills: await db.feeBill.count(),
    prices: (await db.assetPrice.findMany({ include: { asset: true } })).map((p) => [p.asset.symbol, p.price.toString()]).sort(),
    snapshots: await db.portfolioSnapshot.findMany({ where: { investmentAccountId: hana }, orderBy: { date: "asc" } }),
  };
}

let once: Awaited<ReturnType<typeof footprint>>;
let hana: string;

beforeAll(async () => {
  await seedDemoData();
  once = await footprint();
  hana = await accountOf(HOLDER_EMAIL);
}, SLOW);

describe("the demo investor with history (Hana Holder)", () => {
  it("is verified, the demo advisor's client, on the balanced model, with over a year of history; seeding again changes nothing", async () => {
    await seedDemoData();
    expect(await footprint()).toEqual(once);

    const user = await db.user.findUniqueOrThrow({ where: { email: HOLDER_EMAIL }, include: { advisor: true, kyc: true, accounts: { include: { modelVersion: { include: { model: true } } } } } });
    expect(user.advisor?.email).toBe("advisor@autovest.dev");
    expect(user.kyc?.status).toBe("APPROVED");
    expect(user.accounts[0]!.modelVersion?.model.name).toMatch(/balanced/i);
    // Her two goals (prisma/demo-goals.ts) share the whole account.
    const goals = await db.goal.findMany({ where: { userId: user.id }, orderBy: { accountSharePercent: "desc" } });
    expect(goals.map((goal) => [goal.kind, goal.accountSharePercent])).toEqual([["RETIREMENT", 70], ["HOME", 30]]);

    // The first snapshot is the card deposit's day, HISTORY_DAYS back (or the first weekday after): over 13 months.
    const first = once.snapshots[0]!;
    const start = new Date(Date.now() - HISTORY_DAYS * 86_400_000);
    expect(iso(first.date) >= iso(start)).toBe(true);
    expect(Date.now() - first.date.getTime()).toBeGreaterThan(396 * 86_400_000);
    expect(first.netFlow).toBe(HOLDER_DEPOSIT);
    expect(once.snapshots.length).toBeGreaterThan(280);
    expect(iso(once.snapshots.at(-1)!.date) < iso(new Date())).toBe(true);

    // The card deposit, then one bank deposit a month from her recurring deposit, each with a snapshot flow that day.
    const deposits = await db.deposit.findMany({ where: { investmentAccountId: hana }, orderBy: { settledAt: "asc" }, include: { recurringPeriod: true } });
    expect(deposits[0]).toMatchObject({ amount: HOLDER_DEPOSIT, method: "CARD", status: "SUCCEEDED" });
    const monthly = deposits.slice(1);
    expect(monthly.length).toBeGreaterThanOrEqual(13);
    for (const deposit of monthly) {
      expect(deposit).toMatchObject({ amount: MONTHLY_DEPOSIT, method: "US_BANK_ACCOUNT", status: "SUCCEEDED", recurringAttempt: 1 });
      expect(deposit.recurringPeriod?.status).toBe("SUCCEEDED");
      expect(iso(deposit.recurringPeriod!.periodDate).slice(8)).toBe("01");
      expect(once.snapshots.find((s) => iso(s.date) === iso(deposit.settledAt!))?.netFlow).toBe(MONTHLY_DEPOSIT);
    }
    const schedule = await db.recurringDeposit.findFirstOrThrow({ where: { investmentAccountId: hana }, include: { bankAccount: true } });
    expect(schedule).toMatchObject({ status: "ACTIVE", frequency: "MONTHLY", dayOfMonth: 1, amount: MONTHLY_DEPOSIT });
    expect(schedule.bankAccount.status).toBe("VERIFIED");
    expect(schedule.nextPeriodDate!.getTime()).toBeGreaterThan(Date.now() - 86_400_000);
    expect(once.snapshots.reduce((sum, s) => sum + s.netFlow, 0n)).toBe(HOLDER_DEPOSIT + MONTHLY_DEPOSIT * BigInt(monthly.length));

    // Dividends paid (and nothing left to pay), two rebalances that sold, and every lot bought on a day of the history.
    const dividends = await db.journalEntry.findMany({ where: { kind: "DIVIDEND" } });
    expect(dividends.length).toBeGreaterThanOrEqual(30);
    expect(await db.corporateAction.count({ where: { kind: "CASH_DIVIDEND", paidAt: null } })).toBe(0);
    const sells = await db.order.findMany({ where: { investmentAccountId: hana, side: "SELL" } });
    expect(new Set(sells.map((o) => iso(o.settledAt!))).size).toBe(2);
    const disposals = await db.lotDisposal.findMany({ where: { investmentAccountId: hana } });
    expect(disposals.length).toBeGreaterThan(0);
    for (const d of disposals) expect(sells.map((o) => o.settledAt!.getTime())).toContain(d.soldAt.getTime());
    const lots = await db.taxLot.findMany({ where: { investmentAccountId: hana } });
    expect([...new Set(lots.map((lot) => lot.symbol))].sort()).toEqual(["BND", "GLD", "IEF", "TIP", "VEA", "VNQ", "VTI", "VWO"]);
    const days = new Set(once.snapshots.map((s) => iso(s.date)));
    for (const lot of lots) expect(days.has(iso(lot.acquiredAt))).toBe(true);
    // Nothing waits: no hold, no open order, no dividend's request to invest or email left to send.
    expect(await db.accountRunLock.count()).toBe(0);
    expect(await db.order.count({ where: { investmentAccountId: hana, settledAt: null } })).toBe(0);
    expect(await db.outboxEvent.count({ where: { sentAt: null, dedupeKey: { startsWith: "dividend-reinvest:" } } })).toBe(0);

    // The other demo users are as they were: no money, no history, no bills; today's prices are the demo prices.
    for (const email of ["investor@autovest.dev", "saver@autovest.dev"]) {
      const id = await accountOf(email);
      expect(await db.deposit.count({ where: { investmentAccountId: id } })).toBe(0);
      expect(await db.portfolioSnapshot.count({ where: { investmentAccountId: id } })).toBe(0);
      expect(await db.feeAccrual.count({ where: { investmentAccountId: id } })).toBe(0);
      expect(await db.feeBill.count({ where: { investmentAccountId: id } })).toBe(0);
      expect(await db.recurringDeposit.count({ where: { investmentAccountId: id } })).toBe(0);
    }
    expect(once.prices).toEqual(Object.entries(DEMO_PRICES).map(([symbol, price]) => [symbol, price]).sort());
  }, SLOW);

  it("balances: the trial balance and the reconciliation are clean, and every snapshot sampled is the books and the holdings of its day", async () => {
    expect((await trialBalance()).balanced).toBe(true);
    const admin = await db.user.findFirstOrThrow({ where: { role: "ADMIN" } });
    const report = await reconcile({ id: admin.id, email: admin.email, name: admin.name, role: admin.role, sessionId: "00000000-0000-0000-0000-000000000000" });
    expect(report.trialBalance.accounts).toEqual([]);
    expect(report.holdings.differences).toEqual([]);

    // Worked out here from the orders, the postings and the bars (not from the snapshot code): at the end of the day,
    // Σ floor(shares held × that day's close × 100) and the cash accounts' postings dated on or before it.
    const sampled = once.snapshots.filter((_, i) => i % 20 === 0 || i === once.snapshots.length - 1);
    const orders = await db.order.findMany({ where: { investmentAccountId: hana, settledAt: { not: null } } });
    const symbols = new Map((await db.asset.findMany({ select: { id: true, symbol: true } })).map((a) => [a.id, a.symbol]));
    const bars = (await db.priceBar.findMany()).map((b) => ({ ...b, symbol: symbols.get(b.assetId) }));
    const cash = await db.$queryRaw<{ at: Date; amount: bigint }[]>`
      SELECT je."createdAt" AS at, p."amount" FROM "Posting" p JOIN "JournalEntry" je ON je."id" = p."entryId"
      JOIN "LedgerAccount" la ON la."id" = p."ledgerAccountId"
      WHERE la."investmentAccountId" = ${hana}::uuid AND la."kind"::text = ANY (${[...CASH_KINDS]}::text[])`;
    for (const snapshot of sampled) {
      const day = iso(snapshot.date);
      const end = new Date(`${day}T00:00:00Z`).getTime() + 86_400_000;
      const shares = new Map<string, Decimal>();
      for (const o of orders.filter((o) => o.settledAt!.getTime() < end)) {
        const q = new Decimal(o.filledQuantity!.toString());
        shares.set(o.symbol, (shares.get(o.symbol) ?? new Decimal(0)).plus(o.side === "BUY" ? q : q.negated()));
      }
      let value = 0n;
      for (const [symbol, quantity] of shares) {
        const bar = bars.find((b) => b.symbol === symbol && iso(b.date) === day)!;
        value += BigInt(quantity.times(bar.close.toString()).times(100).floor().toFixed(0));
      }
      const balance = cash.filter((c) => c.at.getTime() < end).reduce((sum, c) => sum + c.amount, 0n);
      expect({ day, marketValue: snapshot.marketValue, cash: snapshot.cash }).toEqual({ day, marketValue: value, cash: balance });
    }
    // A year on: the portfolio is worth more than what went in (the real market's year), and the cash is spent.
    const last = once.snapshots.at(-1)!;
    expect(last.marketValue).toBeGreaterThan(once.snapshots.reduce((sum, s) => sum + s.netFlow, 0n));
    expect(last.cash).toBeLessThan(10_000n);
  }, SLOW);

  it("accrued the fee every day and billed every month but the one just ended, from the day's cash", async () => {
    const accruals = await db.feeAccrual.findMany({ where: { investmentAccountId: hana }, orderBy: { day: "asc" } });
    const first = iso(once.snapshots[0]!.date);
    const yesterday = iso(new Date(Date.now() - 86_400_000));
    expect(iso(accruals[0]!.day)).toBe(first);
    expect(iso(accruals.at(-1)!.day)).toBe(yesterday);
    expect(accruals.length).toBe((Date.parse(yesterday) - Date.parse(first)) / 86_400_000 + 1);

    // The seed's accruals are the daily run's: a few days accrued again by accrueDay give the same rows.
    for (const accrual of [accruals[0]!, accruals[150]!, accruals.at(-1)!]) {
      const day = iso(accrual.day);
      await db.$transaction([db.feeAccrual.delete({ where: { investmentAccountId_day: { investmentAccountId: hana, day: accrual.day } } }), db.feeAccrualDay.delete({ where: { day: accrual.day } })]);
      await accrueDay(day);
      const again = await db.feeAccrual.findUniqueOrThrow({ where: { investmentAccountId_day: { investmentAccountId: hana, day: accrual.day } } });
      expect(again).toEqual(accrual);
    }

    const bills = await db.feeBill.findMany({ where: { investmentAccountId: hana }, orderBy: { month: "asc" } });
    const months = [...new Set(accruals.map((a) => iso(a.day).slice(0, 7)))].filter((m) => m < previousMonth());
    expect(bills.map((b) => b.month)).toEqual(months);
    for (const bill of bills) {
      // Each bill is the year's accrued annual fees to the month's end, rounded down once, less the year's earlier bills.
      const year = bill.month.slice(0, 4);
      const basis = accruals.filter((a) => iso(a.day).slice(0, 4) === year && iso(a.day).slice(0, 7) <= bill.month).reduce((sum, a) => sum.plus(a.annualFee.toString()), new Decimal(0));
      const earlier = bills.filter((b) => b.month.slice(0, 4) === year && b.month < bill.month).reduce((sum, b) => sum + b.amount, 0n);
      expect(bill.amount).toBe(monthBill(Number(year), basis, earlier));
      expect(bill.amount).toBeGreaterThan(0n);
      expect(bill).toMatchObject({ status: "COLLECTED", collected: bill.amount });
      expect(iso(bill.createdAt) > `${bill.month}-31`).toBe(true);
    }
    expect(await db.journalEntry.count({ where: { kind: "FEE" } })).toBe(bills.length);
  }, SLOW);
});
