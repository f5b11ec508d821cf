import { assertHolds } from "@/lib/investing/account-run-lock";
import { settleSells } from "@/lib/investing/rebalance";
import { WITHDRAWAL_SALE_ROUNDS, withdrawalRunKey, type TriggeringEvent } from "@/lib/investing/run-keys";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { sendPayout } from "@/lib/payments/withdrawals/payout";
import {
  beginSelling,
  finishSelling,
  holdCashForRound,
  needsSales,
  recordSaleRound,
  saleRunKey,
  startPayout,
  stopWithdrawal,
  withdrawalStatus,
} from "@/lib/payments/withdrawals/run";
import { inngest, withdrawalDecided, withdrawalRequested } from "../client";
import { sendToInngest } from "../send-outbox";
import { claimAccountStep, guarded, placeAndAwaitFills, releaseAccountAndStartNext, waitUntilTradingAllowed } from "./trading-steps";

/** An approval is awaited a day at a time (an approval sent between a check and its wait is seen the next day), for two weeks. */
const APPROVAL_WAITS = 14;

/** Sends what a step wrote to the outbox (notifications, emails) now; the sweeper sends whatever this misses. */
async function sent<T extends { outboxIds: string[] }>(work: Promise<T>): Promise<Omit<T, "outboxIds">> {
  const { outboxIds, ...rest } = await work;
  await dispatchOutbox(sendToInngest, { ids: outboxIds });
  return rest;
}

/**
 * A withdrawal: wait for an advisor if it needs one → take the account (queued behind another run of it) → wait for
 * the market and any trading halt (it stays cancellable meanwhile) → sell what its cash does not cover, in up to
 * three rounds, holding the proceeds → release the account → sleep until the sales settle (T+1) → move the cash to
 * Stripe and ask Stripe to pay the bank. Stripe's events finish it (paid, failed, returned: lib/payments/withdrawals/payout.ts).
 *
 * Trigger `withdrawal/requested`; concurrency one per account. Worst case: 2 × 14 approval waits + 47 steps per sale
 * round (placeAndAwaitFills) × 3 + ~15 ≈ 200 steps, each returning a few fields. On failure: the account is released and
 * the withdrawal, unless already paying, fails with its held cash given back. Cancelling (before selling) is a status
 * change under the withdrawal's lock that the run sees at its next step.
 */
export const withdrawAccount = inngest.createFunction(
  {
    id: "withdraw-account",
    triggers: [withdrawalRequested],
    concurrency: { key: "event.data.investmentAccountId", limit: 1 },
    retries: 10,
    onFailure: async ({ event, error, step }) => {
      const original = event.data.event;
      const withdrawalId = String(original.data.withdrawalId);
      await step.run("unlock the account", () => releaseAccountAndStartNext(String(original.data.investmentAccountId), withdrawalRunKey(withdrawalId)));
      await step.run("give the held cash back", () => sent(stopWithdrawal(withdrawalId, `It could not be completed: ${error.message}`)));
    },
  },
  async ({ event, step, runId }) => {
    const withdrawalId = event.data.withdrawalId;
    const accountId = event.data.investmentAccountId;
    const run = withdrawalRunKey(withdrawalId);

    for (let wait = 0; ; wait++) {
      const { status } = await step.run(`check the approval (${wait})`, () => withdrawalStatus(withdrawalId));
      if (status !== "AWAITING_APPROVAL") break;
      if (wait === APPROVAL_WAITS) {
        return step.run("no decision in time", () => sent(stopWithdrawal(withdrawalId, "No advisor decided on it within two weeks.")));
      }
      await step.waitForEvent(`wait for an advisor (${wait})`, { event: withdrawalDecided, if: "async.data.withdrawalId == event.data.withdrawalId", timeout: "1d" });
    }

    const claim = await claimAccountStep(step, "withdraw", event as TriggeringEvent, run, runId);
    if (!claim.acquired) return { queuedBehind: claim.heldBy };

    const { status } = await step.run("check the withdrawal", () => withdrawalStatus(withdrawalId));
    if (status === "REQUESTED" && (await step.run("needs sales?", () => needsSales(withdrawalId)))) {
      await waitUntilTradingAllowed(step, "sell", runId);
    }
    const { proceed } = await step.run("start selling", () => sent(beginSelling(withdrawalId)));
    if (!proceed) {
      await step.run("unlock the account", () => releaseAccountAndStartNext(accountId, run));
      return { status: "stopped before selling" };
    }

    for (let round = 0; ; round++) {
      const need = await step.run(`hold cash (${round})`, () => holdCashForRound(withdrawalId, round));
      if (need === "0" || round === WITHDRAWAL_SALE_ROUNDS) break;
      const orders = await step.run(`sell ${round}: plan orders`, () =>
        guarded(async () => {
          await assertHolds(accountId, run);
          return recordSaleRound(withdrawalId, round);
        }),
      );
      if (orders === 0) break;
      if (round > 0) await waitUntilTradingAllowed(step, `sell ${round}`, runId);
      await placeAndAwaitFills(step, `sell ${round}`, saleRunKey(withdrawalId, round));
      await step.run(`sell ${round}: settle fills`, () => guarded(() => settleSells(accountId, saleRunKey(withdrawalId, round))));
    }

    const selling = await step.run("sales done: settle", () => sent(finishSelling(withdrawalId)));
    await step.run("unlock the account", () => releaseAccountAndStartNext(accountId, run));
    if (selling.status !== "SETTLING") return { status: selling.status };
    if (selling.settlesAt) await step.sleepUntil("wait for the sales to settle (T+1)", selling.settlesAt);
    const { paying } = await step.run("pay out: the cash leaves for Stripe", () => sent(startPayout(withdrawalId)));
    if (!paying) return { status: "not settling" };
    const paymentId = await step.run("pay out: ask Stripe to pay the bank", () => sendPayout(withdrawalId));
    return { status: "PAYING", paymentId };
  },
);
