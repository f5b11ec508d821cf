import { cron, eventType } from "inngest";
import { z } from "zod";
import { accountsOutsideBandIn } from "@/lib/investing/drift-sweep";
import { inngest } from "../client";
import { pageThrough, sendInBatches } from "./fan-out";

/** Accounts measured per step (one set-based query each). */
export const SWEEP_PAGE = 2_000;
/** Pages per run: 200,000 accounts in one run; a larger book continues in another. */
export const SWEEP_PAGES_PER_RUN = 100;

/** The rest of a sweep that did not fit in one run. */
export const rebalanceSweepContinued = eventType("sweeps/rebalance.continued", { schema: z.object({ day: z.string(), after: z.string() }) });

/**
 * Every weekday at 15:00 UTC (mid-morning in New York): one rebalance run per account outside its band. The
 * accounts are measured a page per step and their events sent from that step, with ids named for the day and
 * the account, so a retried step or a second sweep the same day starts no second rebalance.
 */
export const rebalanceSweep = inngest.createFunction(
  { id: "rebalance-sweep", triggers: [cron("0 15 * * 1-5"), rebalanceSweepContinued], concurrency: { limit: 1 } },
  async ({ event, step }) => {
    const continued = event.name === rebalanceSweepContinued.name ? (event.data as z.infer<typeof rebalanceSweepContinued.schema>) : null;
    // The day of the scheduled run (the event's time, not the clock's: a late start is still that day's sweep).
    const day = continued?.day ?? (await step.run("name the day", () => new Date(event.ts ?? Date.now()).toISOString().slice(0, 10)));
    const result = await pageThrough(step, {
      after: continued?.after ?? null,
      maxPagesPerRun: SWEEP_PAGES_PER_RUN,
      page: async (after) => {
        const { found, last } = await accountsOutsideBandIn({ after, limit: SWEEP_PAGE });
        await sendInBatches(
          found.map((account) => ({
            id: `rebalance-sweep:${day}:${account.investmentAccountId}`,
            name: "account/rebalance.requested",
            data: { investmentAccountId: account.investmentAccountId, reason: `drift ${account.drift.toFixed(4)}` },
          })),
        );
        return { last, count: found.length };
      },
      continuation: (after) => ({ id: `rebalance-sweep:${day}:after:${after}`, name: rebalanceSweepContinued.name, data: { day, after } }),
    });
    return { rebalances: result.count, pages: result.pages, continuedFrom: result.continuedFrom };
  },
);
