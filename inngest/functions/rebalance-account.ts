import { assertHolds } from "@/lib/investing/account-run-lock";
import { planSells, settleSells } from "@/lib/investing/rebalance";
import { buySideKey, runKeyOf, type TriggeringEvent } from "@/lib/investing/run-keys";
import { accountModelChanged, inngest, rebalanceRequested } from "../client";
import { claimAccountStep, guarded, investAvailableCash, placeAndAwaitFills, releaseAccountAndStartNext, waitUntilTradingAllowed } from "./trading-steps";

/**
 * Brings an account back to its model: sells what is overweight first (tax lots chosen to realise the least
 * gain; only what the cash on hand cannot cover), then buys with cash and proceeds. Queued behind another run
 * of the account, like an investment (see invest-account.ts).
 */
export const rebalanceAccount = inngest.createFunction(
  {
    id: "rebalance-account",
    triggers: [accountModelChanged, rebalanceRequested],
    concurrency: { key: "event.data.investmentAccountId", limit: 1 },
    retries: 10,
    onFailure: async ({ event, step }) => {
      const original = event.data.event;
      await step.run("unlock the account", () =>
        releaseAccountAndStartNext(String(original.data.investmentAccountId), runKeyOf("rebalance", original as TriggeringEvent, "")),
      );
    },
  },
  async ({ event, step, runId }) => {
    const accountId = event.data.investmentAccountId;
    const run = runKeyOf("rebalance", event, runId);
    const claim = await claimAccountStep(step, "rebalance", event, run, runId);
    if (!claim.acquired) return { queuedBehind: claim.heldBy };
    const sells = await step.run("sell: plan orders", () =>
      guarded(async () => {
        await assertHolds(accountId, run);
        return planSells(accountId, run);
      }),
    );
    if (sells > 0) {
      await waitUntilTradingAllowed(step, "sell", runId);
      await placeAndAwaitFills(step, "sell", run);
      await step.run("sell: settle fills", () => guarded(() => settleSells(accountId, run)));
    }
    const { invested, unspent } = await investAvailableCash(step, accountId, buySideKey(run), runId, run);
    await step.run("unlock the account", () => releaseAccountAndStartNext(accountId, run));
    return { sells, invested: invested.toString(), unspent: unspent.toString() };
  },
);
