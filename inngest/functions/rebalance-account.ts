import { acquireRunLock, releaseRunLock } from "@/lib/investing/invest";
import { planSells, settleSells } from "@/lib/investing/rebalance";
import { accountModelChanged, inngest, rebalanceRequested } from "../client";
import { guarded, investAvailableCash, placeAndAwaitFills, waitUntilTradingAllowed } from "./trading-steps";

/**
 * Brings an account back to its model: sells what is overweight first (tax lots chosen to realise the least
 * gain; only what the cash on hand cannot cover), then buys with cash and proceeds.
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
        releaseRunLock(String(original.data.investmentAccountId), `rebalance:${String(original.data.resumeRunId ?? original.id ?? "")}`),
      );
    },
  },
  async ({ event, step, runId }) => {
    const accountId = event.data.investmentAccountId;
    // An operator's retry of a failed run resumes that run's work (see lib/operations/retry-run.ts).
    const run = `rebalance:${event.data.resumeRunId ?? event.id ?? runId}`;
    await step.run("lock the account", () => guarded(() => acquireRunLock(accountId, run, "rebalance")));
    const sells = await step.run("sell: plan orders", () => guarded(() => planSells(accountId, run)));
    if (sells > 0) {
      await waitUntilTradingAllowed(step, "sell");
      await placeAndAwaitFills(step, "sell", run);
      await step.run("sell: settle fills", () => guarded(() => settleSells(accountId, run)));
    }
    const { invested, unspent } = await investAvailableCash(step, accountId, `${run}:buy`);
    await step.run("unlock the account", () => releaseRunLock(accountId, run));
    return { sells, invested: invested.toString(), unspent: unspent.toString() };
  },
);
