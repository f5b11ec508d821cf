import { acquireRunLock, releaseRunLock } from "@/lib/investing/invest";
import { depositSettled, inngest, investRequested } from "../client";
import { guarded, investAvailableCash } from "./trading-steps";

/**
 * Invests an account's available cash on every settled deposit (and when the idle-cash sweep finds some). The steps live in lib/investing and are each
 * idempotent; the run id is the triggering event's id (or, for a retry, the failed run's), so the orders are
 * deterministic per deposit.
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
        releaseRunLock(String(original.data.investmentAccountId), String(original.data.resumeRunId ?? original.id ?? "")),
      );
    },
  },
  async ({ event, step, runId }) => {
    const accountId = event.data.investmentAccountId;
    // An operator's retry of a failed run resumes that run's work (see lib/operations/retry-run.ts).
    const run = event.data.resumeRunId ?? event.id ?? runId;
    await step.run("lock the account", () => guarded(() => acquireRunLock(accountId, run, "invest")));
    const { invested, unspent } = await investAvailableCash(step, accountId, run);
    await step.run("unlock the account", () => releaseRunLock(accountId, run));
    return { invested: invested.toString(), unspent: unspent.toString() };
  },
);
