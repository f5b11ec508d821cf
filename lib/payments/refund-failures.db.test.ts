import pg from "pg";
import { describe, expect, it } from "vitest";
import { auditActionsOf, deliver, entriesOf, holdForOrders, moneyOf, pendingDeposit, settledDeposit } from "../../scripts/test/payments";
import { db } from "../db";
import { trialBalance } from "../ledger/trial-balance";
import { listTransactions } from "../portfolio/transactions";
import { takeBackToStripe } from "./account-money";
import { charge, event, paymentIntent, refund, testId } from "./test-events";

const refundOf = (depositId: string) => db.deposit.findUniqueOrThrow({ where: { id: depositId }, select: { status: true, refundedAmount: true } });
const noticesOf = async (userId: string) =>
  (await db.notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { title: true, body: true } })).map((n) => `${n.title} | ${n.body}`);
const refundFailedAudit = async (depositId: string) =>
  (await db.auditLog.findMany({ where: { targetId: depositId, action: "DEPOSIT_REFUND_FAILED" }, select: { details: true } })).map((row) => row.details);

/** Polls `condition` until it holds, failing after a deadline that only a stuck test reaches. */
async function until(condition: () => Promise<boolean>, what: string, deadlineMs = 20_000) {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe("a refund Stripe could not complete gives the money back", () => {
  it("once, whichever of refund.failed, charge.refund.updated and refund.updated report it, even all at once", async () => {
    const { user, accountId, deposit, payment } = await settledDeposit("500.00");
    await deliver(event("refund.created", refund(payment, "re_test_closed_card", "pending", 20_000n)));
    await deliver(event("refund.updated", refund(payment, "re_test_closed_card", "succeeded", 20_000n)));
    // $500.00 − $200.00
    expect(await moneyOf(user)).toEqual({ cash: 30_000n, held: 0n, owed: 0n, status: "ACTIVE" });

    const failed = refund(payment, "re_test_closed_card", "failed", 20_000n, "expired_or_canceled_card");
    const refundFailed = event("refund.failed", failed);
    const outcomes = await Promise.all([refundFailed, event("charge.refund.updated", failed), event("refund.updated", failed)].map((e) => deliver(e)));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual([
      "applied",
      "ignored: refund re_test_closed_card already failed",
      "ignored: refund re_test_closed_card already failed",
    ]);
    expect((await deliver(refundFailed)).outcome).toBe("duplicate");

    expect(await moneyOf(user)).toEqual({ cash: 50_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await refundOf(deposit.id)).toEqual({ status: "SUCCEEDED", refundedAmount: 0n });
    expect(await entriesOf(deposit.id)).toEqual([
      { key: "credit", kind: "DEPOSIT", sum: 0n },
      { key: "refund:re_test_closed_card", kind: "REFUND", sum: 0n },
      { key: "refund:re_test_closed_card:returned", kind: "REFUND", sum: 0n },
    ]);
    expect(await auditActionsOf(deposit.id)).toEqual(["DEPOSIT_REQUESTED", "DEPOSIT_SUCCEEDED", "DEPOSIT_REFUNDED", "DEPOSIT_REFUND_FAILED"]);
    expect(await refundFailedAudit(deposit.id)).toEqual([
      {
        investmentAccountId: accountId,
        refundId: "re_test_closed_card",
        status: "FAILED",
        reason: "expired_or_canceled_card",
        amount: "20000",
        restored: "20000",
        repaidDebt: "0",
      },
    ]);
    expect(await noticesOf(user.id)).toEqual([
      "Deposit of $500.00 received | The money is in your account. Your activity page lists every deposit.",
      "Your refund of $200.00 did not go through | It was returned because the card has expired or was canceled. The money is in your Autovest account; your activity page shows it.",
    ]);
    const { transactions } = await listTransactions(accountId, {});
    expect(transactions.map((t) => [t.description, t.amount])).toEqual([
      ["Refund to the payer did not go through: money returned", 20_000n],
      ["Refund to the payer", -20_000n],
      ["Deposit", 50_000n],
    ]);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("repays first what the refund left the investor owing, and lifts the restriction", async () => {
    const { user, accountId, ledger, deposit, payment } = await settledDeposit("500.00");
    await holdForOrders(accountId, ledger, 45_000n);
    await deliver(event("refund.created", refund(payment, "re_test_stolen", "succeeded")));
    // $50.00 available is taken; the $450.00 held for orders becomes owed.
    expect(await moneyOf(user)).toEqual({ cash: 0n, held: 45_000n, owed: 45_000n, status: "RESTRICTED" });

    await deliver(event("refund.failed", refund(payment, "re_test_stolen", "failed", 50_000n, "lost_or_stolen_card")));
    // $500.00 back: $450.00 repays what is owed, $50.00 is available again.
    expect(await moneyOf(user)).toEqual({ cash: 5_000n, held: 45_000n, owed: 0n, status: "ACTIVE" });
    expect(await refundOf(deposit.id)).toEqual({ status: "SUCCEEDED", refundedAmount: 0n });
    expect(await auditActionsOf(accountId)).toEqual(["INVESTMENT_ACCOUNT_OPENED", "ACCOUNT_RESTRICTED", "ACCOUNT_UNRESTRICTED"]);
    expect(await refundFailedAudit(deposit.id)).toMatchObject([{ restored: "50000", repaidDebt: "45000", reason: "lost_or_stolen_card" }]);
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("a canceled refund (it waited for the customer's action) gives the money back too", async () => {
    const { user, deposit, payment } = await settledDeposit("500.00");
    await deliver(event("refund.created", refund(payment, "re_test_waiting", "requires_action", 5_000n)));
    expect(await moneyOf(user)).toEqual({ cash: 45_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    await deliver(event("refund.updated", refund(payment, "re_test_waiting", "canceled", 5_000n)));
    expect(await moneyOf(user)).toEqual({ cash: 50_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await refundFailedAudit(deposit.id)).toMatchObject([{ status: "CANCELED", reason: null, restored: "5000" }]);
    expect((await noticesOf(user.id)).at(-1)).toBe(
      "Your refund of $50.00 did not go through | It was canceled. The money is in your Autovest account; your activity page shows it.",
    );
  });
});

describe("refund events in any order", () => {
  it("a failure that arrives before the events that counted the refund: nothing is ever taken", async () => {
    const { user, deposit, payment } = await settledDeposit("300.00");
    const failed = refund(payment, "re_test_failed_first", "failed", 10_000n);
    expect((await deliver(event("refund.failed", failed))).outcome).toBe("applied");
    expect(await refundFailedAudit(deposit.id)).toMatchObject([{ restored: "0", amount: "10000" }]);

    const late = [
      event("refund.created", refund(payment, "re_test_failed_first", "pending", 10_000n)),
      event("charge.refunded", charge(payment, { amountRefunded: 10_000n })),
      event("charge.refunded", charge(payment, { amountRefunded: 10_000n, refunds: [refund(payment, "re_test_failed_first", "pending", 10_000n)] })),
      event("charge.refund.updated", failed),
    ];
    for (const stale of late) expect((await deliver(stale)).outcome).toMatch(/^ignored: /);

    expect(await moneyOf(user)).toEqual({ cash: 30_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await refundOf(deposit.id)).toEqual({ status: "SUCCEEDED", refundedAmount: 0n });
    expect(await entriesOf(deposit.id)).toEqual([{ key: "credit", kind: "DEPOSIT", sum: 0n }]);
    expect(await auditActionsOf(deposit.id)).toEqual(["DEPOSIT_REQUESTED", "DEPOSIT_SUCCEEDED", "DEPOSIT_REFUND_FAILED"]);
    expect(await noticesOf(user.id)).toHaveLength(2);
  });

  it("two partial refunds of one charge, one of which fails: all 24 orders of their events end the same", async () => {
    for (const order of permutations(["A created", "B created", "B failed", "charge.refunded"])) {
      const { user, deposit, payment } = await settledDeposit("500.00");
      const [kept, bounced] = [testId("re"), testId("re")];
      const events: Record<string, object> = {
        "A created": event("refund.created", refund(payment, kept, "pending", 10_000n)),
        "B created": event("refund.created", refund(payment, bounced, "pending", 15_000n)),
        "B failed": event("refund.failed", refund(payment, bounced, "failed", 15_000n)),
        "charge.refunded": event("charge.refunded", charge(payment, { amountRefunded: 25_000n })),
      };
      for (const name of order) await deliver(events[name]);
      // $500.00 − $100.00: the $150.00 refund that failed is not taken, or is given back.
      expect(await moneyOf(user), order.join(", ")).toEqual({ cash: 40_000n, held: 0n, owed: 0n, status: "ACTIVE" });
      expect(await refundOf(deposit.id), order.join(", ")).toEqual({ status: "SUCCEEDED", refundedAmount: 10_000n });
      const entries = await entriesOf(deposit.id);
      expect(entries.every((entry) => entry.sum === 0n)).toBe(true);
      const bouncedFirst = order.indexOf("B failed") < order.indexOf("B created");
      expect(entries.map((entry) => entry.key).sort(), order.join(", ")).toEqual(
        (bouncedFirst ? ["credit", `refund:${kept}`] : ["credit", `refund:${bounced}`, `refund:${bounced}:returned`, `refund:${kept}`]).sort(),
      );
      expect(await db.auditLog.count({ where: { targetId: deposit.id, action: "DEPOSIT_REFUND_FAILED" } })).toBe(1);
    }
    expect((await trialBalance()).balanced).toBe(true);
  });

  it("a refund of the same amount after a failed one is taken in full: refunds are told apart by id, not by the charge's total", async () => {
    const { user, payment } = await settledDeposit("500.00");
    await deliver(event("refund.created", refund(payment, "re_test_first_try", "succeeded", 30_000n)));
    await deliver(event("charge.refunded", charge(payment, { amountRefunded: 30_000n })));
    await deliver(event("refund.failed", refund(payment, "re_test_first_try", "failed", 30_000n)));
    expect(await moneyOf(user)).toEqual({ cash: 50_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    await deliver(event("refund.created", refund(payment, "re_test_second_try", "succeeded", 30_000n)));
    await deliver(event("charge.refunded", charge(payment, { amountRefunded: 30_000n })));
    // $500.00 − $300.00, once.
    expect(await moneyOf(user)).toEqual({ cash: 20_000n, held: 0n, owed: 0n, status: "ACTIVE" });
  });

  it("a refund reported failed before its payment succeeded is recorded, never taken, and told once the payment settles", async () => {
    const { user, deposit, payment } = await pendingDeposit("120.00");
    expect((await deliver(event("refund.failed", refund(payment, "re_test_before_payment", "failed", 2_000n)))).outcome).toBe(
      "ignored: refund re_test_before_payment waits for its payment to settle",
    );
    expect(await noticesOf(user.id)).toEqual([]);
    await deliver(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")));
    expect(await moneyOf(user)).toEqual({ cash: 12_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await refundOf(deposit.id)).toEqual({ status: "SUCCEEDED", refundedAmount: 0n });
    expect(await auditActionsOf(deposit.id)).toEqual(["DEPOSIT_REQUESTED", "DEPOSIT_SUCCEEDED", "DEPOSIT_REFUND_FAILED"]);
    expect(await noticesOf(user.id)).toHaveLength(2);
  });

  it("a refund that arrives while its payment's success is being applied is taken once that commits", async () => {
    const { user, deposit, payment } = await pendingDeposit("100.00");
    // Holds the success's transaction open after its last query, until the refund has had its turn.
    const gate = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await gate.connect();
    await gate.query("SELECT pg_advisory_lock(4242)");
    await gate.query(`CREATE FUNCTION hold_success() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END $$`);
    await gate.query(`CREATE TRIGGER hold_success AFTER UPDATE ON "StripeEvent" FOR EACH ROW
      WHEN (NEW."type" = 'payment_intent.succeeded' AND NEW."outcome" <> 'processing') EXECUTE FUNCTION hold_success()`);
    const lockWaits = async () =>
      (await gate.query<{ objid: string }>(`SELECT objid::text FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows.map((row) => row.objid);
    try {
      const success = deliver(event("payment_intent.succeeded", paymentIntent(payment, "succeeded")));
      await until(async () => (await lockWaits()).includes("4242"), "the success to reach the gate");
      let refundDone = false;
      const early = deliver(event("refund.created", refund(payment, testId("re"), "succeeded", 2_500n))).finally(() => (refundDone = true));
      await until(async () => refundDone || (await lockWaits()).some((objid) => objid !== "4242"), "the refund to finish or wait for the payment");
      await gate.query("SELECT pg_advisory_unlock(4242)");
      await Promise.all([success, early]);
    } finally {
      await gate.query(`DROP TRIGGER IF EXISTS hold_success ON "StripeEvent"; DROP FUNCTION IF EXISTS hold_success()`);
      await gate.end();
    }
    // $100.00 − $25.00
    expect(await moneyOf(user)).toEqual({ cash: 7_500n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await refundOf(deposit.id)).toEqual({ status: "SUCCEEDED", refundedAmount: 2_500n });
  });

  it("refunds taken before they were tracked by id (from charge.refunded's total) are not taken again, and are given back if they fail", async () => {
    const { user, accountId, deposit, payment } = await settledDeposit("500.00");
    // What charge.refunded did before: two $100.00 refunds taken under the charge's running total; the
    // migration that began tracking refunds by id marked the deposit an hour ago.
    await db.$transaction(async (tx) => {
      for (const total of [10_000n, 20_000n]) {
        const key = `deposit:${deposit.id}:refund:${total}`;
        await takeBackToStripe(tx, { investmentAccountId: accountId, amount: 10_000n, idempotencyKey: key, kind: "REFUND", cause: { type: "Deposit", id: deposit.id } });
      }
      await tx.deposit.update({ where: { id: deposit.id }, data: { refundedAmount: 20_000n, untrackedRefundsBefore: new Date(Date.now() - 3_600_000) } });
    });
    const yesterday = Math.floor(Date.now() / 1000) - 86_400;
    expect(await moneyOf(user)).toEqual({ cash: 30_000n, held: 0n, owed: 0n, status: "ACTIVE" });

    // A new refund is taken, though the old ones' untracked money would cover it.
    await deliver(event("refund.created", refund(payment, "re_test_new", "succeeded", 5_000n)));
    expect(await moneyOf(user)).toEqual({ cash: 25_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    await deliver(event("refund.updated", { ...refund(payment, "re_test_old_kept", "succeeded", 10_000n), created: yesterday }));
    expect(await moneyOf(user)).toEqual({ cash: 25_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    await deliver(event("refund.failed", { ...refund(payment, "re_test_old_bounced", "failed", 10_000n), created: yesterday }));
    // $500.00 − $100.00 − $50.00 kept; the failed old $100.00 is back.
    expect(await moneyOf(user)).toEqual({ cash: 35_000n, held: 0n, owed: 0n, status: "ACTIVE" });
    expect(await refundOf(deposit.id)).toEqual({ status: "SUCCEEDED", refundedAmount: 15_000n });
    expect((await trialBalance()).balanced).toBe(true);
  });
});
