import { cron } from "inngest";
import { dueDividends, markDividendPaid, payDividendPage } from "@/lib/market-data/dividends";
import { dividendPayRequested, inngest } from "../client";
import { pageThrough } from "./fan-out";

const PAGE = 2_000;
const PAGES_PER_RUN = 200;

/**
 * Daily (and on request, e.g. from the corporate-actions page): each dividend whose pay date has come is paid in
 * its own run, a page of holders per step; the ledger's idempotency keys make any step, page or run repeated pay
 * nothing twice. Without a dividend id, the run only finds the due ones and starts a run for each.
 */
export const payDividends = inngest.createFunction(
  {
    id: "pay-dividends",
    triggers: [cron("30 13 * * *"), dividendPayRequested],
    concurrency: { limit: 1 },
    retries: 4,
  },
  async ({ event, step }) => {
    const request = event.name === dividendPayRequested.name ? event.data : null;
    if (!request?.actionId) {
      const { ids, day } = await step.run("find dividends due", async () => ({ ids: await dueDividends(), day: new Date().toISOString().slice(0, 10) }));
      if (ids.length) {
        await step.sendEvent(
          "pay each dividend",
          ids.map((actionId) => ({ id: `dividend:${actionId}:pay:${day}`, name: dividendPayRequested.name, data: { actionId, after: null } })),
        );
      }
      return { dividends: ids.length };
    }
    const actionId = request.actionId;
    const result = await pageThrough(step, {
      after: request.after ?? null,
      maxPagesPerRun: PAGES_PER_RUN,
      page: (after) => payDividendPage(actionId, after, PAGE),
      continuation: (after) => ({ id: `dividend:${actionId}:after:${after}`, name: dividendPayRequested.name, data: { actionId, after } }),
    });
    if (!result.continuedFrom) await step.run("mark the dividend paid", () => markDividendPaid(actionId));
    return { actionId, accounts: result.count, pages: result.pages, continuedFrom: result.continuedFrom };
  },
);
