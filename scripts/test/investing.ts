import { randomUUID } from "node:crypto";
import type { Broker } from "../../lib/brokerage/broker";
import { SimulatedBroker } from "../../lib/brokerage/simulated";
import { db } from "../../lib/db";
import { claimAccount, releaseAccount } from "../../lib/investing/account-run-lock";
import { holdCash, placeOrders, planInvestment, releaseUnspent, settleFills } from "../../lib/investing/invest";
import { platformAccount } from "../../lib/ledger/accounts";
import { postJournalEntry } from "../../lib/ledger/post";
import { submitRiskQuestionnaire } from "../../lib/investing/risk-profile";
import { DEMO_PRICES } from "../../prisma/seed";
import { browser, createInvestor } from "./factories";

export const BALANCED_ANSWERS = { horizon: "6to10", goal: "balanced", drop: "hold", income: "stable", experience: "funds", need: "maybe", loss: "10to20" };
/** The demo seed's prices, so tests and `npm run dev` value portfolios alike. */
export { DEMO_PRICES };

export async function setPrices(prices: Record<string, string> = DEMO_PRICES): Promise<void> {
  for (const asset of await db.asset.findMany()) {
    const price = prices[asset.symbol];
    if (!price) continue;
    await db.assetPrice.upsert({
      where: { assetId: asset.id },
      create: { assetId: asset.id, price, asOf: new Date(), source: "test" },
      update: { price },
    });
  }
}

/** An investor on the balanced model with `cash` cents of available cash (credited as a deposit would be). */
export async function fundedInvestor(cash: bigint) {
  const investor = await createInvestor({ verified: true });
  await submitRiskQuestionnaire(investor.user, BALANCED_ANSWERS, browser());
  await postJournalEntry(db, {
    idempotencyKey: `fund:${investor.accountId}`,
    kind: "DEPOSIT",
    postings: [
      { account: await platformAccount("STRIPE_CLEARING", investor.accountId), amount: -cash },
      { account: investor.ledger.INVESTOR_CASH, amount: cash },
    ],
  });
  return investor;
}

/**
 * $1,000.00 invested on the balanced model at the demo prices with no spread (what `fundedInvestor(100_000n)`
 * then `investAll` do), worked out by hand from the rules, not by the code under test:
 * - each fund is bought for its weight of the cash, in cents rounded down: 35% of $1,000.00 is $350.00, and the
 *   eight orders add up to the $1,000.00 exactly, so nothing tops up the first order and nothing is left idle;
 * - the broker fills at the stored price (no spread): shares are the order over the price, rounded down to 1e-6
 *   (350 / 290.12 = 1.2063973…, so 1.206397), and the fill costs shares × price rounded up to the cent
 *   (1.206397 × 290.12 = 349.99989764, so $350.00): every order costs exactly what it asked for;
 * - each holding is worth its shares × the price rounded down to the cent ($349.99 for VTI): one cent under each
 *   order, $999.92 in all, with no cash left.
 */
export const BALANCED_1000 = {
  holdings: {
    VTI: { quantity: "1.206397", value: 34_999n }, // 35%: $350.00 / 290.12 → 349.99989764
    BND: { quantity: "3.431708", value: 24_999n }, // 25%: $250.00 / 72.85 → 249.99992780
    VEA: { quantity: "2.913752", value: 14_999n }, // 15%: $150.00 / 51.48 → 149.99995296
    GLD: { quantity: "0.201734", value: 4_999n }, // 5%: $50.00 / 247.85 → 49.99977190
    IEF: { quantity: "0.536078", value: 4_999n }, // 5%: $50.00 / 93.27 → 49.99999506
    TIP: { quantity: "0.460659", value: 4_999n }, // 5%: $50.00 / 108.54 → 49.99992786
    VNQ: { quantity: "0.539607", value: 4_999n }, // 5%: $50.00 / 92.66 → 49.99998462
    VWO: { quantity: "1.095770", value: 4_999n }, // 5%: $50.00 / 45.63 → 49.99998510
  },
  /** The holdings' value; the cash left is zero. */
  value: 99_992n,
  /**
   * Drift, from the unrounded values above (total $999.99944294): Σ |value / total − weight| / 2, e.g. VTI
   * 349.99989764 / 999.99944294 − 0.35 = +9.26e-8; the eight gaps add up to 4.890683e-7, halved 2.445341e-7.
   */
  drift: "0.000000244534",
} as const;

/** An invest run's steps in order, as the workflow runs them; returns the cash it held and what it gave back unspent. */
export async function investAll(accountId: string, broker: Broker = new SimulatedBroker({ spreadBps: 0 }), runId: string = randomUUID()) {
  const claim = await claimAccount(accountId, runId, "invest", null);
  if (!claim.acquired) throw new Error(`the account is held by ${claim.heldBy}`);
  const held = await holdCash(accountId, runId);
  await planInvestment(accountId, runId, held);
  await placeOrders(runId, broker);
  await settleFills(accountId, runId);
  const unspent = await releaseUnspent(accountId, runId, held);
  await releaseAccount(accountId, runId);
  return { held, unspent };
}
