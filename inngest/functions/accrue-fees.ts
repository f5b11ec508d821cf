import { cron } from "inngest";
import { ACCRUAL_PAGE, accruePage, markDayAccrued } from "@/lib/fees/accrue";
import { feeAccrualRequested, inngest } from "../client";
import { pageThrough } from "./fan-out";

const PAGES_PER_RUN = 200;

/**
 * Nightly at 01:30 UTC (after the US close and the day's last revaluation): every account accrues the fee of the
 * UTC day just ended from its closing value, a page of accounts per step. A page writes each account's day once
 * (a retried step writes nothing again). Worst case per run: 201 steps, each output a cursor and counts; then a
 * continuation. On failure the day is simply not marked accrued: the month's billing accrues it first.
 */
export const accrueFees = inngest.createFunction(
  { id: "accrue-fees", triggers: [cron("30 1 * * *"), feeAccrualRequested], concurrency: { limit: 1 }, retries: 4 },
  async ({ event, step }) => {
    const request = event.name === feeAccrualRequested.name ? (event.data as { day: string; after: string | null }) : null;
    const day =
      request?.day ??
      (await step.run("name the day", () => new Date(new Date(event.ts ?? Date.now()).getTime() - 86_400_000).toISOString().slice(0, 10)));
    const result = await pageThrough(step, {
      after: request?.after ?? null,
      maxPagesPerRun: PAGES_PER_RUN,
      page: async (after) => {
        const page = await accruePage(day, after, ACCRUAL_PAGE);
        return { last: page.last, count: page.count };
      },
      continuation: (after) => ({ id: `fees:accrue:${day}:after:${after}`, name: feeAccrualRequested.name, data: { day, after } }),
    });
    if (!result.continuedFrom) await step.run("mark the day accrued", () => markDayAccrued(day, result.count));
    return { day, accounts: result.count, pages: result.pages, continuedFrom: result.continuedFrom };
  },
);
