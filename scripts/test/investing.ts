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
