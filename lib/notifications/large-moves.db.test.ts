import Decimal from "decimal.js";
import { beforeEach, describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { BALANCED_1000, DEMO_PRICES, fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { db } from "../db";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { revaluePortfolios } from "../portfolio/snapshots";
import { notifyLargeMoves } from "./large-moves";
import { NOTIFICATION_CREATED } from "./notify";

/** A price sync's last two steps: revalue every portfolio, then tell investors of large moves. */
async function revalueAndNotify(day: Date) {
  await revaluePortfolios(day);
  await notifyLargeMoves(day);
}

const DAY = 86_400_000;
const today = new Date();
const dateOf = (day: Date) => day.toISOString().slice(0, 10);
const yesterday = dateOf(new Date(today.getTime() - DAY));

// One VTI share is worth $1,000.00 (100,000 cents), so a holding's quantity reads as its value.
beforeEach(() => setPrices({ ...DEMO_PRICES, VTI: "1000" }));

/** An investor worth `before` cents at yesterday's valuation who holds `shares` of VTI today. */
async function investorHolding(shares: string, before: bigint | null = 100_000n) {
  const investor = await createInvestor({ verified: true });
  await db.holding.create({ data: { investmentAccountId: investor.accountId, symbol: "VTI", quantity: shares, costBasis: 100_000n } });
  if (before !== null) {
    await db.portfolioSnapshot.create({ data: { investmentAccountId: investor.accountId, date: new Date(yesterday), marketValue: before, cash: 0n, netFlow: 0n } });
  }
  return investor;
}

const moveNotices = (userId: string) => db.notification.findMany({ where: { userId, kind: "LARGE_MOVE" } });

describe("large moves, found as portfolios are revalued", () => {
  it("tell an investor whose portfolio fell more than 5% in a day, once that day, with its email event", async () => {
    const fell = await investorHolding("0.938"); // $1,000.00 → $938.00: −6.2%
    const rose = await investorHolding("1.071"); // → $1,071.00: +7.1%
    await revalueAndNotify(today);
    await revalueAndNotify(today); // the next sync of the same day

    const notices = await moveNotices(fell.user.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      title: "Your portfolio fell 6.2% today",
      body: `Market prices moved the value of your investments down 6.2% since the valuation of ${yesterday}. Your holdings page shows each fund.`,
      link: "/holdings",
      dedupeKey: `large-move:${fell.accountId}:${dateOf(today)}`,
      readAt: null,
    });
    expect(await db.outboxEvent.count({ where: { name: NOTIFICATION_CREATED, data: { path: ["notificationId"], equals: notices[0]!.id } } })).toBe(1);
    expect((await moveNotices(rose.user.id)).map((n) => n.title)).toEqual(["Your portfolio rose 7.1% today"]);
  });

  it("do not count money paid in as a move, nor 4.9% or exactly 5%, nor a first day", async () => {
    const deposited = await investorHolding("1"); // prices flat, and $100.00 deposited today: $1,100.00
    await postJournalEntry(db, {
      idempotencyKey: `deposit-today:${deposited.accountId}`,
      kind: "DEPOSIT",
      postings: [
        { account: await platformAccount("STRIPE_CLEARING", deposited.accountId), amount: -10_000n },
        { account: deposited.ledger.INVESTOR_CASH, amount: 10_000n },
      ],
    });
    const small = await investorHolding("0.951"); // −4.9%
    const edge = await investorHolding("1.05"); // +5.0% is not more than 5%
    const firstDay = await investorHolding("0.5", null);
    await revalueAndNotify(today);

    const snapshot = await db.portfolioSnapshot.findUniqueOrThrow({ where: { investmentAccountId_date: { investmentAccountId: deposited.accountId, date: new Date(dateOf(today)) } } });
    expect(snapshot).toMatchObject({ marketValue: 100_000n, cash: 10_000n, netFlow: 10_000n });
    for (const investor of [deposited, small, edge, firstDay]) expect(await moveNotices(investor.user.id)).toEqual([]);
  });

  it("follow a real fall in prices after investing", async () => {
    await setPrices();
    const { user, accountId } = await fundedInvestor(100_000n);
    await investAll(accountId);
    await revalueAndNotify(today);
    // Every price 10% lower at tomorrow's sync: each holding of BALANCED_1000 is worth 90% of its unrounded
    // value, rounded down (VTI: 1.206397 × 261.108 = 314.999907… → $314.99): $899.92 against $999.92, −10.0008%.
    await setPrices(Object.fromEntries(Object.entries(DEMO_PRICES).map(([symbol, price]) => [symbol, new Decimal(price).times(0.9).toFixed(6)])));
    await revalueAndNotify(new Date(today.getTime() + DAY));

    const snapshots = await db.portfolioSnapshot.findMany({ where: { investmentAccountId: accountId }, orderBy: { date: "asc" } });
    expect(snapshots.map((s) => [s.marketValue, s.cash])).toEqual([
      [BALANCED_1000.value, 0n],
      [89_992n, 0n],
    ]);
    expect((await moveNotices(user.id)).map((n) => n.title)).toEqual(["Your portfolio fell 10.0% today"]);
  });
});
