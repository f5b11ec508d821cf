import { cron, eventType } from "inngest";
import { z } from "zod";
import { overduePeriods } from "@/lib/payments/recurring/periods";
import { inngest } from "../client";
import { pageThrough, sendInBatches } from "./fan-out";

const PAGE = 1_000;
const PAGES_PER_RUN = 100;

export const recurringDepositsDueContinued = eventType("recurring-deposits/due.continued", { schema: z.object({ day: z.string(), after: z.string() }) });

/**
 * Daily at 11:00 New York (an hour after periods start), the safety net under each period's own event: every
 * active schedule whose period is an hour overdue gets its period event again, with a deterministic id (schedule,
 * date, version), so a retried step or a second sweep starts nothing twice, and the period itself is made once
 * whatever runs. A page of schedules per step, continued in a new run past 100 pages.
 */
export const recurringDepositsDue = inngest.createFunction(
  { id: "recurring-deposits-due", triggers: [cron("TZ=America/New_York 0 11 * * *"), recurringDepositsDueContinued], concurrency: { limit: 1 } },
  async ({ event, step }) => {
    const continued = event.name === recurringDepositsDueContinued.name ? (event.data as z.infer<typeof recurringDepositsDueContinued.schema>) : null;
    const day = continued?.day ?? (await step.run("name the day", () => new Date(event.ts ?? Date.now()).toISOString().slice(0, 10)));
    const result = await pageThrough(step, {
      after: continued?.after ?? null,
      maxPagesPerRun: PAGES_PER_RUN,
      page: async (after) => {
        const { events, last } = await overduePeriods({ after, limit: PAGE });
        await sendInBatches(events);
        return { last, count: events.length };
      },
      continuation: (after) => ({ id: `recurring-deposits-due:${day}:after:${after}`, name: recurringDepositsDueContinued.name, data: { day, after } }),
    });
    return { schedules: result.count, pages: result.pages };
  },
);
