import { cron, eventType } from "inngest";
import { z } from "zod";
import { accountsWithIdleCash } from "@/lib/investing/drift-sweep";
import { MIN_ORDER } from "@/lib/investing/plan";
import { inngest } from "../client";
import { pageThrough, sendInBatches } from "./fan-out";

const SWEEP_PAGE = 5_000;
const SWEEP_PAGES_PER_RUN = 100;

/** The rest of a sweep that did not fit in one run. */
export const idleCashSweepContinued = eventType("sweeps/idle-cash.continued", { schema: z.object({ slot: z.string(), after: z.string() }) });

/**
 * Every 15 minutes: cash that a missed or failed event left uninvested gets an invest run. A page of accounts per
 * step; event ids name the quarter hour and the account, so a retried step starts no second run.
 */
export const idleCashSweep = inngest.createFunction(
  { id: "idle-cash-sweep", triggers: [cron("*/15 * * * *"), idleCashSweepContinued], concurrency: { limit: 1 } },
  async ({ event, step }) => {
    const continued = event.name === idleCashSweepContinued.name ? (event.data as z.infer<typeof idleCashSweepContinued.schema>) : null;
    const slot =
      continued?.slot ??
      (await step.run("name the quarter hour", () => {
        const scheduled = new Date(event.ts ?? Date.now());
        scheduled.setUTCMinutes(scheduled.getUTCMinutes() - (scheduled.getUTCMinutes() % 15), 0, 0);
        return scheduled.toISOString();
      }));
    const result = await pageThrough(step, {
      after: continued?.after ?? null,
      maxPagesPerRun: SWEEP_PAGES_PER_RUN,
      page: async (after) => {
        const { found, last } = await accountsWithIdleCash(MIN_ORDER, { after, limit: SWEEP_PAGE });
        await sendInBatches(
          found.map((investmentAccountId) => ({
            id: `idle-cash:${slot}:${investmentAccountId}`,
            name: "account/invest.requested",
            data: { investmentAccountId, reason: "idle cash" },
          })),
        );
        return { last, count: found.length };
      },
      continuation: (after) => ({ id: `idle-cash:${slot}:after:${after}`, name: idleCashSweepContinued.name, data: { slot, after } }),
    });
    return { accounts: result.count, pages: result.pages, continuedFrom: result.continuedFrom };
  },
);
