/**
 * The withdrawal workflow's steps (inngest/functions/withdraw-account.ts), each one transaction under the
 * withdrawal's row lock and idempotent, so a step Inngest runs again changes nothing the first run did.
 *
 * selling: cash first (held at request, and any cash that arrived since), then sales for the rest in up to
 * WITHDRAWAL_SALE_ROUNDS rounds (lib/investing/run-keys.ts) (fills can come in below the estimate); proceeds are held as they settle, only as much as
 * the withdrawal needs (the rest stays in cash and is invested again by the idle-cash sweep).
 * settling: the sales settle T+1 (settlementOf: the next NYSE session's open after the last sale settled here).
 * paying: the held cash goes to Stripe's clearing account and Stripe is asked to pay the bank (payout.ts).
 */
import { broker } from "../../brokerage";
import { db } from "../../db";
import { env } from "../../env";
import { settlementOf } from "../../brokerage/market-calendar";
import type { Withdrawal } from "../../generated/prisma/client";
import { recordCashRaiseOrders } from "../../investing/raise-cash";
import { withdrawalRunKey, withdrawalSaleKey } from "../../investing/run-keys";
import { formatMoney } from "../../money";
import { holdForWithdrawal, lockedCash, payOutHeld, releaseHeld } from "./money";
import { lockWithdrawal, moveWithdrawal } from "./record";

export const saleRunKey = (withdrawalId: string, round: number) => withdrawalSaleKey(withdrawalRunKey(withdrawalId), round);

type Step<T> = Promise<T & { outboxIds: string[] }>;

async function inLock<T>(withdrawalId: string, work: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], w: Withdrawal) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    const w = await lockWithdrawal(tx, withdrawalId);
    if (!w) throw new Error(`no withdrawal ${withdrawalId}`);
    return work(tx, w);
  });
}

export async function withdrawalStatus(withdrawalId: string) {
  return db.withdrawal.findUniqueOrThrow({ where: { id: withdrawalId }, select: { status: true, investmentAccountId: true, settlesAt: true, approvalReason: true } });
}

/** Selling starts (no cancel after this): true when the run should go on. */
export async function beginSelling(withdrawalId: string): Step<{ proceed: boolean }> {
  return inLock(withdrawalId, async (tx, w) => {
    if (w.status === "SELLING") return { proceed: true, outboxIds: [] };
    if (w.status !== "REQUESTED") return { proceed: false, outboxIds: [] };
    const { outboxIds } = await moveWithdrawal(tx, w, "SELLING");
    return { proceed: true, outboxIds };
  });
}

/** What the withdrawal still needs beyond the cash it holds (cents), or "everything" while anything is left to sell. */
function stillNeeded(w: Withdrawal): bigint | "everything" {
  if (w.everything) return "everything";
  const need = (w.requestedAmount ?? 0n) - w.heldAmount;
  return need > 0n ? need : 0n;
}

/**
 * Holds the account's available cash for the withdrawal (up to what it still needs; all of it for "everything"),
 * once per round. Returns what is still needed after it, as a string ("0" when covered).
 */
export async function holdCashForRound(withdrawalId: string, round: number): Promise<string> {
  return inLock(withdrawalId, async (tx, w) => {
    if (w.status !== "SELLING") return "0";
    await tx.$queryRaw`SELECT 1 FROM "InvestmentAccount" WHERE "id" = ${w.investmentAccountId}::uuid FOR UPDATE`;
    const { cash } = await lockedCash(tx, w.investmentAccountId);
    const need = stillNeeded(w);
    const amount = need === "everything" ? cash : cash < need ? cash : need;
    const held = await holdForWithdrawal(tx, w, amount, `withdrawal:${w.id}:hold-proceeds:${round}`);
    const after = stillNeeded(held);
    return after === "everything" ? "everything" : after.toString();
  });
}

/** Records round `round`'s sales for what is still needed (none when the cash covers it); returns how many. */
export async function recordSaleRound(withdrawalId: string, round: number): Promise<number> {
  const w = await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } });
  if (w.status !== "SELLING") return 0;
  const need = stillNeeded(w);
  if (need === 0n) return 0;
  if (need === "everything") {
    const left = await db.holding.count({ where: { investmentAccountId: w.investmentAccountId, quantity: { gt: 0 } } });
    if (left === 0) return 0;
  }
  const orders = await recordCashRaiseOrders(w.investmentAccountId, saleRunKey(w.id, round), need, { cash: 0n });
  await db.withdrawal.updateMany({ where: { id: w.id, saleRounds: { lt: round + 1 } }, data: { saleRounds: round + 1 } });
  return orders;
}

/**
 * When the sales settle, or null when nothing was sold (nothing to wait for). T+1: the sales filled in the session
 * the broker is in now (the run follows its orders to the end within the hour), so they settle at the open of the
 * next trading day after it; with the market shut, that is its next open. Outside production
 * WITHDRAWAL_SETTLEMENT_SECONDS replaces the rule, so a browser test sees a payout.
 */
async function settlementTime(w: Withdrawal, now: Date): Promise<Date | null> {
  const sold = await db.order.count({
    where: { investmentAccountId: w.investmentAccountId, runId: { startsWith: `${withdrawalRunKey(w.id)}:sell:` }, settledAt: { not: null } },
  });
  if (sold === 0) return null;
  const seconds = env().WITHDRAWAL_SETTLEMENT_SECONDS;
  if (seconds !== undefined && !env().isProduction) return new Date(now.getTime() + seconds * 1000);
  const market = await broker().clock();
  return market.isOpen ? settlementOf(market.nextClose) : market.nextOpen;
}

/**
 * Selling is over: the withdrawal settles (T+1), or, when the sales raised less than asked after every round,
 * fails with its cash given back.
 */
export async function finishSelling(withdrawalId: string, now = new Date()): Step<{ status: string; settlesAt: string | null }> {
  return inLock(withdrawalId, async (tx, w) => {
    if (w.status !== "SELLING") return { status: w.status, settlesAt: w.settlesAt?.toISOString() ?? null, outboxIds: [] };
    const short = !w.everything && w.heldAmount < (w.requestedAmount ?? 0n);
    if (short || w.heldAmount === 0n) {
      await releaseHeld(tx, w);
      const reason = short
        ? `The sales raised ${formatMoney(w.heldAmount, w.currency)}, less than the ${formatMoney(w.requestedAmount!, w.currency)} asked for (prices fell).`
        : "There was nothing to pay.";
      const { outboxIds } = await moveWithdrawal(tx, w, "FAILED", { data: { failureReason: reason }, details: { reason } });
      return { status: "FAILED", settlesAt: null, outboxIds };
    }
    const settlesAt = await settlementTime(w, now);
    const { outboxIds } = await moveWithdrawal(tx, w, "SETTLING", { data: { settlesAt: settlesAt ?? now }, details: { settlesAt: settlesAt?.toISOString() ?? null } });
    return { status: "SETTLING", settlesAt: settlesAt?.toISOString() ?? null, outboxIds };
  });
}

/**
 * The sales have settled: the held cash leaves for Stripe (one WITHDRAWAL entry), and the withdrawal is paying.
 * Returns false when there is nothing to pay (it is not settling).
 */
export async function startPayout(withdrawalId: string): Step<{ paying: boolean }> {
  return inLock(withdrawalId, async (tx, w) => {
    if (w.status === "PAYING") return { paying: true, outboxIds: [] };
    if (w.status !== "SETTLING") return { paying: false, outboxIds: [] };
    // fees: bill accrued fees before an "everything" payout
    await payOutHeld(tx, w);
    const { outboxIds } = await moveWithdrawal(tx, w, "PAYING", { data: { paidAmount: w.heldAmount }, details: { paidAmount: w.heldAmount.toString() } });
    return { paying: true, outboxIds };
  });
}

/** Whether the withdrawal must sell anything (its held cash does not cover it), so must wait for the market. */
export async function needsSales(withdrawalId: string): Promise<boolean> {
  const w = await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } });
  const need = stillNeeded(w);
  if (need === "everything") return (await db.holding.count({ where: { investmentAccountId: w.investmentAccountId, quantity: { gt: 0 } } })) > 0;
  return need > 0n;
}

/**
 * The run stopped for good before the money left (its failure handler), or nobody approved it in time: the held cash
 * goes back, and the investor is told why. A withdrawal already paying is Stripe's to finish, and is left alone.
 */
export async function stopWithdrawal(withdrawalId: string, reason: string): Step<{ status: string }> {
  return inLock(withdrawalId, async (tx, w) => {
    const to = w.status === "AWAITING_APPROVAL" ? "CANCELLED" : "FAILED";
    if (!["AWAITING_APPROVAL", "REQUESTED", "SELLING", "SETTLING"].includes(w.status)) return { status: w.status, outboxIds: [] };
    await releaseHeld(tx, w);
    const { outboxIds } = await moveWithdrawal(tx, w, to, { data: { failureReason: reason.slice(0, 500) }, details: { reason } });
    return { status: to, outboxIds };
  });
}
