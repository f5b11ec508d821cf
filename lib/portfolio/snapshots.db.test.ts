import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { beforeEach, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { BALANCED_1000, fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { db } from "../db";
import { recordCorporateAction } from "../market-data/corporate-actions";
import { markHistoryChanged } from "../market-data/history-version";
import { performanceOf } from "./performance";
import { inRange } from "./returns";
import { buyWithAllCash, DAY_MS, dateOf, deposit, moveToYesterday } from "./scenarios/ledger-fixtures";
import { importPriceHistory } from "../market-data/import";
import { backfillSnapshots, revaluePortfolios } from "./snapshots";

beforeEach(() => setPrices());

describe("daily snapshots", () => {
  it("record value, cash and the day's deposits for every account, in batches, and refresh in place", async () => {
    const { accountId } = await fundedInvestor(100_000n);
    const today = new Date();
    const count = await revaluePortfolios(today, 2);
    expect(count).toBe(await db.investmentAccount.count());
    const snapshot = await db.portfolioSnapshot.findUniqueOrThrow({
      where: { investmentAccountId_date: { investmentAccountId: accountId, date: new Date(today.toISOString().slice(0, 10)) } },
    });
    expect(snapshot).toMatchObject({ marketValue: 0n, cash: 100_000n, netFlow: 100_000n });

    await investAll(accountId);
    await revaluePortfolios(today);
    const after = await db.portfolioSnapshot.findUniqueOrThrow({
      where: { investmentAccountId_date: { investmentAccountId: accountId, date: new Date(today.toISOString().slice(0, 10)) } },
    });
    // Bought at the stored prices with no spread (worked out in BALANCED_1000): $999.92 of funds, no cash left.
    expect(after).toMatchObject({ marketValue: BALANCED_1000.value, cash: 0n, netFlow: 100_000n });
  });

  it("turn into returns: a 10% rise after the deposit day is +10% time-weighted", async () => {
    const { user, accountId } = await createInvestor();
    await db.portfolioSnapshot.createMany({
      data: [
        { investmentAccountId: accountId, date: new Date("2026-11-02"), marketValue: 0n, cash: 100_000n, netFlow: 100_000n },
        { investmentAccountId: accountId, date: new Date("2026-11-03"), marketValue: 110_000n, cash: 0n, netFlow: 0n },
      ],
    });
    const performance = await performanceOf(user, "ALL");
    expect(performance.timeWeighted?.toString()).toBe("0.1");
    expect(performance.series).toEqual([
      { date: "2026-11-02", value: 100_000n, benchmark: null, deposits: 100_000n },
      { date: "2026-11-03", value: 110_000n, benchmark: null, deposits: 100_000n },
    ]);
    expect(performance.benchmark.return).toBeNull(); // no price history yet

    // With closes for both funds: VTI +5%, BND +0% → 60/40 +3%: $1,000 → $1,030.
    for (const [symbol, first, second] of [["VTI", "100", "105"], ["BND", "80", "80"]] as const) {
      const asset = await db.asset.findUniqueOrThrow({ where: { symbol } });
      await db.priceBar.createMany({
        data: [
          { assetId: asset.id, date: new Date("2026-11-02"), open: first, high: first, low: first, close: first, source: "test" },
          { assetId: asset.id, date: new Date("2026-11-03"), open: second, high: second, low: second, close: second, source: "test" },
        ],
      });
    }
    markHistoryChanged(); // written here directly, not through the import or the sync
    const compared = await performanceOf(user, "ALL");
    expect(compared.benchmark.return?.toString()).toBe("0.03");
    expect(compared.series.map((p) => p.benchmark)).toEqual([100_000n, 103_000n]);

    // The benchmark is a total return: BND goes ex a $0.40 distribution on the second day (0.5% of $80), which
    // a price-only index would miss. 0.6 × 5% + 0.4 × (80 + 0.40) / 80 − 0.4 = 3.2%: $1,000 → $1,032.
    const admin = await createUser("ADMIN");
    await recordCorporateAction(
      admin,
      { kind: "CASH_DIVIDEND", symbol: "BND", exDate: "2026-11-03", recordDate: "2026-11-04", payDate: "2026-11-06", amountPerShare: "0.40", qualified: false },
      browser(),
    );
    const withIncome = await performanceOf(user, "ALL");
    expect(withIncome.benchmark.return?.toString()).toBe("0.032");
    expect(withIncome.series.map((p) => p.benchmark)).toEqual([100_000n, 103_200n]);
  });

  it("cut a range from the last day, with the last day before it as the base, even across a gap", async () => {
    const { user, accountId } = await createInvestor();
    const day = (date: string, value: bigint, flow = 0n) => ({ investmentAccountId: accountId, date: new Date(date), marketValue: value, cash: 0n, netFlow: flow });
    await db.portfolioSnapshot.createMany({
      data: [
        day("2026-09-01", 100_000n, 100_000n),
        day("2026-10-01", 120_000n), // the base of 1M: nothing between it and the boundary (Oct 4)
        day("2026-10-20", 126_000n),
        day("2026-11-04", 132_000n),
      ],
    });
    const month = await performanceOf(user, "1M");
    expect(month.series.map((p) => p.date)).toEqual(["2026-10-01", "2026-10-20", "2026-11-04"]);
    expect(month.timeWeighted?.toFixed(6)).toBe("0.100000"); // 120,000 → 132,000
    const all = await performanceOf(user, "ALL");
    expect(all.series).toHaveLength(4);
    expect(all.timeWeighted?.toFixed(6)).toBe("0.320000");
  });

  it("read exactly the days the range needs, counting months back as the pure functions do", async () => {
    const { user, accountId } = await createInvestor();
    // Every weekday from mid-December to the end of March, ending on a month's 31st.
    const days: { date: string; value: bigint }[] = [];
    for (let t = Date.UTC(2025, 11, 15); t <= Date.UTC(2026, 2, 31); t += 86_400_000) {
      const date = new Date(t);
      if (date.getUTCDay() % 6 !== 0) days.push({ date: date.toISOString().slice(0, 10), value: 100_000n + BigInt(days.length) * 10n });
    }
    await db.portfolioSnapshot.createMany({
      data: days.map((d) => ({ investmentAccountId: accountId, date: new Date(d.date), marketValue: d.value, cash: 0n, netFlow: 0n })),
    });
    const all = days.map((d) => ({ date: d.date, value: d.value, flow: 0n }));
    for (const range of ["1M", "3M", "YTD", "1Y", "ALL"] as const) {
      const performance = await performanceOf(user, range);
      expect(performance.series.map((p) => p.date), range).toEqual(inRange(all, range).map((s) => s.date));
    }
    expect((await performanceOf(user, "1M")).series[0]!.date).toBe("2026-02-27"); // the last weekday on or before Feb 28
  });

  it("are repaired from a date when a close arrives late, keeping each day's flows, and never start before the account", async () => {
    const yesterday = dateOf(new Date(Date.now() - DAY_MS));
    const twoDaysAgo = dateOf(new Date(Date.now() - 2 * DAY_MS));
    const { accountId } = await createInvestor({ verified: true });
    await setPrices({ VTI: "100" });
    await deposit(accountId, 100_000n);
    await buyWithAllCash(accountId, "VTI", "100"); // 10 shares
    await moveToYesterday(accountId); // yesterday's snapshot, written by the deposit at the intraday price
    // Yesterday's close, 110, and the day before's, arrive afterwards.
    const vti = await db.asset.findUniqueOrThrow({ where: { symbol: "VTI" } });
    await db.priceBar.createMany({
      data: [
        { assetId: vti.id, date: new Date(twoDaysAgo), open: "90", high: "90", low: "90", close: "90", source: "test" },
        { assetId: vti.id, date: new Date(yesterday), open: "110", high: "110", low: "110", close: "110", source: "test" },
      ],
    });
    expect(await backfillSnapshots(twoDaysAgo, { accounts: [accountId] })).toBe(1);
    const snapshots = await db.portfolioSnapshot.findMany({ where: { investmentAccountId: accountId }, orderBy: { date: "asc" } });
    expect(snapshots.map((s) => [dateOf(s.date), s.marketValue, s.cash, s.netFlow])).toEqual([[yesterday, 110_000n, 0n, 100_000n]]);
  });

  it("are repaired for the fund's holders when its past closes are imported, and for nobody else", async () => {
    const yesterday = dateOf(new Date(Date.now() - DAY_MS));
    const holder = await createInvestor({ verified: true });
    const other = await createInvestor({ verified: true });
    await setPrices({ VEA: "100", TIP: "80" }); // funds no other test here gives closes
    for (const [who, symbol, price] of [[holder, "VEA", "100"], [other, "TIP", "80"]] as const) {
      await deposit(who.accountId, 100_000n);
      await buyWithAllCash(who.accountId, symbol, price);
      await moveToYesterday(who.accountId); // yesterday's snapshot, at the intraday price
    }
    const before = await db.portfolioSnapshot.findMany({ where: { investmentAccountId: other.accountId } });
    // VEA's close yesterday was 110, imported today (as prices:import does): 10 shares are worth $1,100.00 then.
    const bar = { date: yesterday, open: new Decimal("104"), high: new Decimal("111"), low: new Decimal("103"), close: new Decimal("110"), volume: 0n };
    await importPriceHistory("VEA", [bar], "import:VEA.csv");
    const repaired = await db.portfolioSnapshot.findUniqueOrThrow({ where: { investmentAccountId_date: { investmentAccountId: holder.accountId, date: new Date(yesterday) } } });
    expect([repaired.marketValue, repaired.cash, repaired.netFlow]).toEqual([110_000n, 0n, 100_000n]);
    expect(await db.portfolioSnapshot.findMany({ where: { investmentAccountId: other.accountId } })).toEqual(before);
  });

  it("are repaired for holders when a split is recorded after its ex-date: the fake fall goes away", async () => {
    const yesterday = dateOf(new Date(Date.now() - DAY_MS));
    const twoDaysAgo = dateOf(new Date(Date.now() - 2 * DAY_MS));
    const { accountId } = await createInvestor({ verified: true });
    await setPrices({ VWO: "100" }); // a fund no other test here gives closes
    await deposit(accountId, 100_000n);
    await buyWithAllCash(accountId, "VWO", "100"); // 10 shares
    await db.taxLot.create({
      data: { investmentAccountId: accountId, symbol: "VWO", orderId: randomUUID(), acquiredAt: new Date(Date.now() - 3 * DAY_MS), quantity: "10", remainingQuantity: "10", costPerShare: "100" },
    });
    await moveToYesterday(accountId);
    await moveToYesterday(accountId); // bought two days ago
    // VWO split 2:1 yesterday and closed at 51 (a real +2%), but nobody has recorded the split yet: 10 × $51.
    const vwo = await db.asset.findUniqueOrThrow({ where: { symbol: "VWO" } });
    await db.priceBar.createMany({
      data: [
        { assetId: vwo.id, date: new Date(twoDaysAgo), open: "100", high: "100", low: "100", close: "100", source: "test" },
        { assetId: vwo.id, date: new Date(yesterday), open: "50", high: "51", low: "50", close: "51", source: "test" },
      ],
    });
    await backfillSnapshots(twoDaysAgo, { accounts: [accountId] });
    const values = async () =>
      (await db.portfolioSnapshot.findMany({ where: { investmentAccountId: accountId }, orderBy: { date: "asc" } })).map((s) => [dateOf(s.date), s.marketValue]);
    expect(await values()).toEqual([[twoDaysAgo, 100_000n], [yesterday, 51_000n]]);
    // Recorded today: 20 shares since yesterday, worth $1,020.00 then.
    const admin = await createUser("ADMIN");
    await recordCorporateAction(admin, { kind: "SPLIT", symbol: "VWO", exDate: yesterday, toShares: 2, fromShares: 1 }, browser());
    expect(await values()).toEqual([[twoDaysAgo, 100_000n], [yesterday, 102_000n]]);
  });
});

