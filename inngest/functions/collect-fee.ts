import { collectFromCash, feeDueOf } from "@/lib/fees/collect";
import { assertHolds } from "@/lib/investing/account-run-lock";
import { InsufficientToRaise, recordCashRaiseOrders } from "@/lib/investing/raise-cash";
import { settleSells } from "@/lib/investing/rebalance";
import { FEE_SALE_ROUNDS, feeSaleKey, runKeyOf, type TriggeringEvent } from "@/lib/investing/run-keys";
import { feeCollectionRequested, inngest } from "../client";
import { claimAccountStep, guarded, placeAndAwaitFills, releaseAccountAndStartNext, waitUntilTradingAllowed } from "./trading-steps";

/**
 * A month's fee that the account's cash did not cover: takes any cash that has arrived since, then, holding the
 * account (no invest or rebalance run can spend the proceeds meanwhile), sells what the rest needs (overweight funds
 * first, the cheapest lots in tax: lib/investing/raise-cash.ts), settles, and collects; fills below the estimate get
 * another round, at most FEE_SALE_ROUNDS. A restricted account sells nothing: its fee waits on the bill until the
 * restriction is lifted and a deposit or the next month's collection pays it. Worst case: 3 + 3 × (sell steps) steps.
 */
export const collectFee = inngest.createFunction(
  {
    id: "collect-fee",
    triggers: [feeCollectionRequested],
    concurrency: { key: "event.data.investmentAccountId", limit: 1 },
    retries: 10,
    onFailure: async ({ event, step }) => {
      const original = event.data.event;
      await step.run("unlock the account", () =>
        releaseAccountAndStartNext(String(original.data.investmentAccountId), runKeyOf("fee", original as TriggeringEvent, "")),
      );
    },
  },
  async ({ event, step, runId }) => {
    const { investmentAccountId: accountId, month } = event.data;
    const collect = (label: string) =>
      step.run(label, async () => {
        const { collected, remaining } = await collectFromCash(accountId, month);
        return { collected: collected.toString(), remaining: remaining.toString() };
      });
    let result = await collect("collect from cash");
    if (result.remaining === "0") return { month, collected: result.collected };
    const due = await step.run("check the account may sell", () => feeDueOf(accountId, month).then((due) => ({ ...due, remaining: due.remaining.toString() })));
    if (due.restricted) return { month, waiting: "restricted account: the fee stays due", remaining: due.remaining };

    const run = runKeyOf("fee", event, runId);
    const claim = await claimAccountStep(step, "fee", event, run, runId);
    if (!claim.acquired) return { queuedBehind: claim.heldBy };
    for (let round = 1; round <= FEE_SALE_ROUNDS && result.remaining !== "0"; round++) {
      const key = feeSaleKey(run, round);
      const sells = await step.run(`sell (round ${round}): plan orders`, () =>
        guarded(async () => {
          await assertHolds(accountId, run);
          const { remaining } = await feeDueOf(accountId, month);
          if (remaining === 0n) return 0;
          // An account worth less than its fee sells everything it has; the rest stays due.
          return recordCashRaiseOrders(accountId, key, remaining).catch((error: unknown) => {
            if (error instanceof InsufficientToRaise) return recordCashRaiseOrders(accountId, key, "everything");
            throw error;
          });
        }),
      );
      if (sells === 0) break;
      await waitUntilTradingAllowed(step, `sell (round ${round})`, runId);
      await placeAndAwaitFills(step, `sell (round ${round})`, key);
      await step.run(`sell (round ${round}): settle fills`, () => guarded(() => settleSells(accountId, key)));
      result = await collect(`collect (round ${round})`);
    }
    await step.run("unlock the account", () => releaseAccountAndStartNext(accountId, run));
    return { month, remaining: result.remaining };
  },
);
