import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createInvestor, createUser } from "../../scripts/test/factories";
import { json, localHttpServer } from "../../scripts/test/local-http";
import { db } from "../db";
import { reloadEnv } from "../env";
import { Forbidden } from "../errors";
import { platformAccount } from "../ledger/accounts";
import { postJournalEntry } from "../ledger/post";
import { applyCorporateAction } from "../market-data/corporate-actions";
import { resetStripe } from "../payments/stripe";
import { reconcile } from "./reconcile";

/**
 * Hand-made books on a fresh database (one per test file), in order: each test adds to what the ones before
 * it left, and says what the report must show.
 */
let admin: Awaited<ReturnType<typeof createUser>>;

async function post(kind: "DEPOSIT" | "TRADE" | "TRANSFER", postings: { account: bigint; amount: bigint }[]) {
  await postJournalEntry(db, { idempotencyKey: randomUUID(), kind, postings });
}

/**
 * An order of ours and the simulated broker's fill of it (`canceled`: the part that filled before it was);
 * `settled`, also the holding and tax lot the fill made.
 */
async function bought(accountId: string, symbol: string, quantity: string, { at = new Date(), settled = true, canceled = false } = {}) {
  const clientOrderId = randomUUID();
  const order = await db.order.create({
    data: { investmentAccountId: accountId, runId: "hand-made", clientOrderId, symbol, side: "BUY", status: canceled ? "CANCELED" : "FILLED", filledQuantity: quantity },
  });
  await db.simulatedBrokerOrder.create({
    data: { clientOrderId, symbol, side: "BUY", status: canceled ? "canceled" : "filled", filledQuantity: quantity, filledPrice: "25", filledAt: at },
  });
  if (!settled) return;
  const key = { investmentAccountId_symbol: { investmentAccountId: accountId, symbol } };
  const held = await db.holding.findUnique({ where: key });
  if (held) await db.holding.update({ where: key, data: { quantity: held.quantity.plus(quantity) } });
  else await db.holding.create({ data: { investmentAccountId: accountId, symbol, quantity, costBasis: 10_000n } });
  await db.taxLot.create({
    data: { investmentAccountId: accountId, symbol, orderId: order.id, acquiredAt: at, quantity, remainingQuantity: quantity, costPerShare: "25" },
  });
}

describe("the reconciliation report", () => {
  it("finds nothing to report in a balanced book whose clearing accounts are settled", async () => {
    admin = await createUser("ADMIN");
    const { accountId, ledger } = await createInvestor();
    const stripeClearing = await platformAccount("STRIPE_CLEARING", accountId);
    const brokerClearing = await platformAccount("BROKER_CLEARING", accountId);
    // $100 deposited, spent on 4 VTI at $25, and Stripe's payout settles the broker.
    await post("DEPOSIT", [{ account: stripeClearing, amount: -10_000n }, { account: ledger.INVESTOR_CASH, amount: 10_000n }]);
    await post("TRADE", [{ account: ledger.INVESTOR_CASH, amount: -10_000n }, { account: brokerClearing, amount: 10_000n }]);
    await post("TRANSFER", [{ account: brokerClearing, amount: -10_000n }, { account: stripeClearing, amount: 10_000n }]);
    await bought(accountId, "VTI", "4");

    const report = await reconcile(admin);
    expect(report.trialBalance).toEqual({ totals: [{ currency: "USD", total: 0n }], accounts: [] });
    expect(report.clearing).toEqual([]);
    expect(report.stripe).toEqual({ checked: false, reason: "Stripe keys not set: not checked." });
    expect(report.holdings).toEqual({ basis: "account", differences: [] });
  });

  it("lists a clearing account that is not back to zero, with its balance", async () => {
    const { accountId, ledger } = await createInvestor();
    await post("DEPOSIT", [{ account: await platformAccount("STRIPE_CLEARING", accountId), amount: -12_345n }, { account: ledger.INVESTOR_CASH, amount: 12_345n }]);
    const report = await reconcile(admin);
    expect(report.clearing).toEqual([{ kind: "STRIPE_CLEARING", currency: "USD", balance: -12_345n }]);
    // Still a balanced book: the money is in flight, not lost.
    expect(report.trialBalance).toEqual({ totals: [{ currency: "USD", total: 0n }], accounts: [] });
  });

  it("lists each holding that differs from the broker's fills, and fills that match no order of ours", async () => {
    const { user, accountId } = await createInvestor();
    await bought(accountId, "BND", "3");
    await bought(accountId, "VEA", "2", { settled: false }); // filled at the broker, never settled here
    await bought(accountId, "VNQ", "0.5", { settled: false, canceled: true }); // partly filled before it was canceled, never settled
    await bought(accountId, "VWO", "0.25", { canceled: true }); // likewise, and settled: no difference
    await db.holding.update({ where: { investmentAccountId_symbol: { investmentAccountId: accountId, symbol: "BND" } }, data: { quantity: "3.5" } });
    await db.simulatedBrokerOrder.create({ data: { clientOrderId: "not-ours", symbol: "GLD", side: "BUY", status: "filled", filledQuantity: "1.25", filledPrice: "180", filledAt: new Date() } });

    const { holdings } = await reconcile(admin);
    expect(holdings.differences).toEqual([
      { investmentAccountId: null, owner: null, symbol: "GLD", ours: "0.000000", broker: "1.250000" },
      { investmentAccountId: accountId, owner: user.name, symbol: "BND", ours: "3.500000", broker: "3.000000" },
      { investmentAccountId: accountId, owner: user.name, symbol: "VEA", ours: "0.000000", broker: "2.000000" },
      { investmentAccountId: accountId, owner: user.name, symbol: "VNQ", ours: "0.000000", broker: "0.500000" },
    ]);
  });

  it("applies a split to the broker's earlier fills, as the broker would, before comparing", async () => {
    const before = (await reconcile(admin)).holdings.differences.length;
    const { accountId } = await createInvestor();
    await bought(accountId, "TIP", "3", { at: new Date("2026-01-05T15:00:00Z") });
    await bought(accountId, "TIP", "1", { at: new Date("2026-03-05T15:00:00Z") });
    // 3 for 2 on Feb 2, then 2 for 1 on Mar 2: the January lot's 3 shares become 4.5, then 9; March's 1 stays 1.
    for (const [exDate, fromShares, toShares] of [["2026-02-02", 2, 3], ["2026-03-02", 1, 2]] as const) {
      const action = await db.corporateAction.create({ data: { symbol: "TIP", exDate: new Date(exDate), fromShares, toShares } });
      await applyCorporateAction(action.id);
    }
    expect((await db.holding.findFirstOrThrow({ where: { investmentAccountId: accountId, symbol: "TIP" } })).quantity.toString()).toBe("10");
    const { holdings } = await reconcile(admin);
    // The broker's fills, split the same way: 3 × 1.5 × 2 + 1 = 10, as ours.
    expect(holdings.differences.filter((d) => d.investmentAccountId === accountId)).toEqual([]);
    expect(holdings.differences.length).toBe(before);
  });

  it("lists a ledger account whose balance is not the sum of its postings", async () => {
    const { ledger } = await createInvestor();
    await db.$executeRaw`UPDATE "LedgerAccount" SET "balance" = 500 WHERE "id" = ${ledger.INVESTOR_CASH}`;
    try {
      const { trialBalance } = await reconcile(admin);
      expect(trialBalance.accounts).toEqual([{ ledgerAccountId: ledger.INVESTOR_CASH, kind: "INVESTOR_CASH", currency: "USD", owner: expect.any(String), balance: 500n, postingsSum: 0n }]);
    } finally {
      await db.$executeRaw`UPDATE "LedgerAccount" SET "balance" = 0 WHERE "id" = ${ledger.INVESTOR_CASH}`;
    }
  });

  it("is for admins only", async () => {
    await expect(reconcile(await createUser("ADVISOR"))).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("Stripe's balance transactions against Stripe clearing", () => {
  const stripeApi = localHttpServer((request, response) => {
    if (!request.path.startsWith("/v1/balance_transactions")) return json(response, 404, { error: { message: "not here" } });
    const created = Math.floor(Date.now() / 1000);
    json(response, 200, {
      object: "list",
      url: "/v1/balance_transactions",
      has_more: false,
      data: [
        { id: "txn_1", object: "balance_transaction", amount: 10_000, currency: "usd", type: "charge", reporting_category: "charge", created },
        { id: "txn_2", object: "balance_transaction", amount: -500, currency: "usd", type: "refund", reporting_category: "refund", created },
        { id: "txn_3", object: "balance_transaction", amount: -350, currency: "usd", type: "stripe_fee", reporting_category: "fee", created },
        { id: "txn_4", object: "balance_transaction", amount: 200, currency: "usd", type: "refund_failure", reporting_category: "refund_failure", created },
      ],
    });
  });

  afterAll(async () => {
    for (const key of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL"]) delete process.env[key];
    reloadEnv();
    resetStripe();
    await (await stripeApi).close();
  });

  it("lists each kind of money movement whose totals differ, for the period", async () => {
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_autovest", STRIPE_WEBHOOK_SECRET: "whsec_test_autovest", STRIPE_API_URL: (await stripeApi).url });
    reloadEnv();
    resetStripe();
    const { stripe } = await reconcile(admin);
    // Our deposits this period: $100.00 and $123.45 (Stripe saw only the first); Stripe refunded $5 we never
    // recorded, and got back $2 of an earlier refund the payer's bank returned; its fee is not ours to compare.
    expect(stripe).toMatchObject({
      checked: true,
      differences: [
        { category: "charges", currency: "USD", ledger: 22_345n, stripe: 10_000n },
        { category: "refunds", currency: "USD", ledger: 0n, stripe: -300n },
      ],
    });
    const asked = new URL((await stripeApi).requests.at(-1)!.path, "http://stripe");
    expect(asked.searchParams.get("created[gte]")).toMatch(/^\d+$/);
  });
});
