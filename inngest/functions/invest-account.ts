import { runKeyOf, type TriggeringEvent } from "@/lib/investing/run-keys";
import { depositSettled, inngest, investRequested } from "../client";
import { claimAccountStep, investAvailableCash, releaseAccountAndStartNext } from "./trading-steps";

/**
 * Invests an account's available cash on every settled deposit (and when the idle-cash sweep finds some). The
 * steps live in lib/investing and are each idempotent; the work's key is the triggering event's id (or, for an
 * operator's retry, the failed run's: lib/investing/run-keys.ts), so the orders are deterministic per deposit.
 * An account another run holds gets this work queued behind it (the run ends at once); the work starts when
 * the account is released. A failed run releases the account but keeps the money it held, for the retry.
 */
export const investAccount = inngest.createFunction(
  {
    id: "invest-account",
    triggers: [depositSettled, investRequested],
    concurrency: { key: "event.data.investmentAccountId", limit: 1 },
    retries: 10,
    onFailure: async ({ event, step }) => {
      const original = event.data.event;
      await step.run("unlock the account", () =>
        releaseAccountAndStartNext(String(original.data.investmentAccountId), runKeyOf("invest", original as TriggeringEvent, "")),
      );
    },
  },
  async ({ event, step, runId }) => {
    const accountId = event.data.investmentAccountId;
    const run = runKeyOf("invest", event, runId);
    const claim = await claimAccountStep(step, "invest", event, run, runId);
    if (!claim.acquired) return { queuedBehind: claim.heldBy };
    const { invested, unspent } = await investAvailableCash(step, accountId, run, runId);
    await step.run("unlock the account", () => releaseAccountAndStartNext(accountId, run));
    return { invested: invested.toString(), unspent: unspent.toString() };
  },
);
