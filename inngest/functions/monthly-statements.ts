import { cron } from "inngest";
import { accountsForStatements } from "@/lib/documents/generate";
import { previousMonth } from "@/lib/documents/statement";
import { tradeDate } from "@/lib/tax/holding-period";
import { documentRequested, inngest, statementsRequested } from "../client";
import { pageThrough, sendInBatches } from "./fan-out";

/** Accounts per step: one indexed query and one request of events per 500. */
const PAGE = 1_000;
/** Pages per run: 200,000 accounts in one run; a larger book continues in another. */
const PAGES_PER_RUN = 200;

/**
 * At 02:00 New York time on the 1st, the month before's statement for every account opened by its end; and on an
 * operator's request (documents/statements.requested, from /admin/operations), a given month, month to date when it
 * is the month under way. Accounts go a page per step, each page sending one documents/generate.requested per
 * account with an id naming the month and the account, so a retried step or a repeated request starts nothing twice
 * (and the document's unique key keeps one if it did). Worst case per run: 201 steps, each output a cursor and a count.
 */
export const monthlyStatements = inngest.createFunction(
  { id: "monthly-statements", triggers: [cron("TZ=America/New_York 0 2 1 * *"), statementsRequested], concurrency: { limit: 1 } },
  async ({ event, step }) => {
    const request = event.name === statementsRequested.name ? event.data : null;
    // The month of the scheduled run (the event's time, not the clock's: a late start is still that month's).
    const month = request?.month ?? (await step.run("name the month", () => previousMonth(tradeDate(new Date(event.ts ?? Date.now())))));
    const monthToDate = request?.monthToDate ?? false;
    const edition = monthToDate ? "to-date" : "month";
    const result = await pageThrough(step, {
      after: request?.after ?? null,
      maxPagesPerRun: PAGES_PER_RUN,
      page: async (after) => {
        const accounts = await accountsForStatements(month, after, PAGE);
        await sendInBatches(
          accounts.map((investmentAccountId) => ({
            id: `statement:${month}:${edition}:${investmentAccountId}`,
            name: documentRequested.name,
            data: { investmentAccountId, kind: "STATEMENT", period: month, monthToDate },
          })),
        );
        return { last: accounts.length < PAGE ? null : accounts.at(-1)!, count: accounts.length };
      },
      continuation: (after) => ({
        id: `statements:${month}:${edition}:after:${after}`,
        name: statementsRequested.name,
        data: { month, monthToDate, after },
      }),
    });
    return { month, monthToDate, accounts: result.count, pages: result.pages, continuedFrom: result.continuedFrom };
  },
);
