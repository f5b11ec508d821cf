import { cron } from "inngest";
import { accountsWithTrades } from "@/lib/documents/generate";
import { tradeDate } from "@/lib/tax/holding-period";
import { confirmationsContinued, documentRequested, inngest } from "../client";
import { pageThrough, sendInBatches } from "./fan-out";

const PAGE = 1_000;
const PAGES_PER_RUN = 200;

/**
 * Weekdays at 17:30 New York time, after the close (and after the day's invest and rebalance runs have settled
 * their fills): a confirmation for every account with fills settled that trade day. Pages of accounts per step,
 * one documents/generate.requested per account with an id naming the day and the account. A fill settled after this
 * run (a late run) is in no confirmation: the monthly statement lists every trade. Worst case per run: 201 steps.
 */
export const tradeConfirmations = inngest.createFunction(
  { id: "trade-confirmations", triggers: [cron("TZ=America/New_York 30 17 * * 1-5"), confirmationsContinued], concurrency: { limit: 1 } },
  async ({ event, step }) => {
    const continued = event.name === confirmationsContinued.name ? event.data : null;
    const day = continued?.day ?? (await step.run("name the trade day", () => tradeDate(new Date(event.ts ?? Date.now()))));
    const result = await pageThrough(step, {
      after: continued?.after ?? null,
      maxPagesPerRun: PAGES_PER_RUN,
      page: async (after) => {
        const accounts = await accountsWithTrades(day, after, PAGE);
        await sendInBatches(
          accounts.map((investmentAccountId) => ({
            id: `confirmation:${day}:${investmentAccountId}`,
            name: documentRequested.name,
            data: { investmentAccountId, kind: "TRADE_CONFIRMATION", period: day, monthToDate: false },
          })),
        );
        return { last: accounts.length < PAGE ? null : accounts.at(-1)!, count: accounts.length };
      },
      continuation: (after) => ({ id: `confirmations:${day}:after:${after}`, name: confirmationsContinued.name, data: { day, after } }),
    });
    return { day, accounts: result.count, pages: result.pages, continuedFrom: result.continuedFrom };
  },
);
