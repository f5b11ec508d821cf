import { cron } from "inngest";
import { accrueDay, daysToAccrue } from "@/lib/fees/accrue";
import { BILLING_PAGE, billPage, previousMonth } from "@/lib/fees/bill";
import { feeBillingRequested, feeCollectionRequested, inngest } from "../client";
import { pageThrough, sendInBatches } from "./fan-out";

const PAGES_PER_RUN = 200;

/**
 * At 06:00 New York time on the 1st (and when an operator asks): bills the month before. First it accrues any day
 * of the month the nightly accrual missed (one step a day, from the snapshots), then bills a page of accounts per
 * step (one ledger batch, the bills and an audit record per page, in one transaction; a page already billed is
 * skipped), and starts a collection run for each account whose cash fell short (event ids name the account and
 * month, so a retried step starts none twice). Worst case per run: 31 + 1 + 201 steps; then a continuation.
 */
export const billFees = inngest.createFunction(
  { id: "bill-fees", triggers: [cron("TZ=America/New_York 0 6 1 * *"), feeBillingRequested], concurrency: { limit: 1 }, retries: 4 },
  async ({ event, step }) => {
    const request = event.name === feeBillingRequested.name ? (event.data as { month: string; after: string | null }) : null;
    const month = request?.month ?? (await step.run("name the month", () => previousMonth(new Date(event.ts ?? Date.now()))));
    if (!request?.after) {
      const missing = await step.run("find days not accrued", () => daysToAccrue(month));
      for (const day of missing) await step.run(`accrue ${day}`, () => accrueDay(day));
    }
    const result = await pageThrough(step, {
      after: request?.after ?? null,
      maxPagesPerRun: PAGES_PER_RUN,
      page: async (after) => {
        const page = await billPage(month, after, BILLING_PAGE);
        await sendInBatches(
          page.due.map((investmentAccountId) => ({
            id: `fees:collect:${investmentAccountId}:${month}`,
            name: feeCollectionRequested.name,
            data: { investmentAccountId, month },
          })),
        );
        return { last: page.last, count: page.count };
      },
      continuation: (after) => ({ id: `fees:bill:${month}:after:${after}`, name: feeBillingRequested.name, data: { month, after, requestedBy: null } }),
    });
    return { month, accounts: result.count, pages: result.pages, continuedFrom: result.continuedFrom };
  },
);
