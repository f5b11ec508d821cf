import { cron } from "inngest";
import { dispatchOutbox, type DispatchReport } from "@/lib/outbox/outbox";
import { inngest } from "../client";
import { sendToInngest } from "../send-outbox";

/** Rows one step takes: with events of a few hundred bytes, one or two requests to Inngest. */
export const SWEEP_PAGE_SIZE = 500;
/** Pages one run sends at most; a larger backlog is the next minute's run. */
export const SWEEP_MAX_PAGES = 100;

/**
 * Sends every due outbox event: left unsent after its commit (a crash, Inngest unreachable), due after a
 * backoff, or planned for later. Every minute, a page of rows per step until a page comes back short or
 * Inngest cannot answer. Runs that overlap (a long backlog) take disjoint rows (lib/outbox).
 * Worst case: 100 steps (of Inngest's 1,000 per run) sending 50,000 events; each step returns a report of five
 * counts (under 100 bytes, against 4 MB per step output), so the run's state stays under 10 KB. A step holds
 * at most 500 rows in memory, and no request to Inngest outlives the 5-minute hold on its rows.
 */
export const outboxSweeper = inngest.createFunction({ id: "outbox-sweeper", triggers: [cron("* * * * *")] }, async ({ step }) => {
  const total: DispatchReport & { pages: number } = { pages: 0, claimed: 0, sent: 0, retrying: 0, parked: 0, deferred: 0 };
  for (let page = 1; page <= SWEEP_MAX_PAGES; page++) {
    const report = await step.run(`send due events, page ${page}`, () => dispatchOutbox(sendToInngest, { limit: SWEEP_PAGE_SIZE }));
    total.pages = page;
    for (const key of ["claimed", "sent", "retrying", "parked", "deferred"] as const) total[key] += report[key];
    if (report.claimed < SWEEP_PAGE_SIZE || report.deferred > 0) break;
  }
  return total;
});
