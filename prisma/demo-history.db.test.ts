import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { trialBalance } from "../lib/ledger/trial-balance";
import { HOLDER_EMAIL } from "./demo-history";
import { DEMO_PRICES, seedDemoData } from "./seed";

const accountOf = async (email: string) => (await db.investmentAccount.findFirstOrThrow({ where: { user: { email } }, select: { id: true } })).id;

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
    prices: (await db.assetPrice.findMany({ include: { asset: true } })).map((p) => [p.asset.symbol, p.price.toString()]).sort(),
    snapshots: await db.portfolioSnapshot.findMany({ where: { investmentAccountId: hana }, orderBy: { date: "asc" } }),
  };
}

describe("the demo investor with history (Hana Holder)", () => {
  it("is verified, the demo advisor's client, invested on the balanced model 90 days ago, and seeding again changes nothing", async () => {
    await seedDemoData();
    const once = await footprint();
    await seedDemoData();
    expect(await footprint()).toEqual(once);

    const hana = await db.user.findUniqueOrThrow({ where: { email: HOLDER_EMAIL }, include: { advisor: true, kyc: true, accounts: { include: { modelVersion: { include: { model: true } } } } } });
    expect(hana.advisor?.email).toBe("advisor@autovest.dev");
    expect(hana.kyc?.status).toBe("APPROVED");
    expect(hana.emailVerifiedAt).not.toBeNull();
    expect(hana.accounts[0]!.modelVersion?.model.name).toMatch(/balanced/i);
    // Her two goals (prisma/demo-goals.ts) share the whole account.
    const goals = await db.goal.findMany({ where: { userId: hana.id }, orderBy: { accountSharePercent: "desc" } });
    expect(goals.map((goal) => [goal.kind, goal.accountSharePercent])).toEqual([["RETIREMENT", 70], ["HOME", 30]]);
    const deposit = await db.deposit.findFirstOrThrow({ where: { investmentAccountId: hana.accounts[0]!.id } });
    expect(deposit).toMatchObject({ amount: 2_500_000n, status: "SUCCEEDED" });
    const first = once.snapshots[0]!;
    // The first snapshot is the deposit's day, 90 days back (or the first weekday after), with the deposit as its flow.
    const ninetyDaysAgo = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    expect(first.date.toISOString().slice(0, 10) >= ninetyDaysAgo).toBe(true);
    expect(first.netFlow).toBe(2_500_000n);
    expect(deposit.settledAt!.toISOString().slice(0, 10)).toBe(first.date.toISOString().slice(0, 10));
    const entries = await db.journalEntry.findMany({ where: { OR: [{ causeId: deposit.id }, { causeType: "Order" }] } });
    expect(entries.length).toBe(9); // the deposit's credit and eight fills
    for (const entry of entries) expect(entry.createdAt.toISOString().slice(0, 10)).toBe(first.date.toISOString().slice(0, 10));
    const lots = await db.taxLot.findMany({ where: { investmentAccountId: hana.accounts[0]!.id } });
    expect(lots.map((lot) => lot.symbol).sort()).toEqual(["BND", "GLD", "IEF", "TIP", "VEA", "VNQ", "VTI", "VWO"]);
    for (const lot of lots) expect(lot.acquiredAt.toISOString().slice(0, 10)).toBe(first.date.toISOString().slice(0, 10));

    // The other demo users are as they were: no money, no history; today's prices are the demo prices.
    for (const email of ["investor@autovest.dev", "saver@autovest.dev"]) {
      const id = await accountOf(email);
      expect(await db.deposit.count({ where: { investmentAccountId: id } })).toBe(0);
      expect(await db.portfolioSnapshot.count({ where: { investmentAccountId: id } })).toBe(0);
    }
    expect(once.prices).toEqual(Object.entries(DEMO_PRICES).map(([symbol, price]) => [symbol, price]).sort());
    expect((await trialBalance()).balanced).toBe(true);
  });
});
