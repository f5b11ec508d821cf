import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedInvestor, investAll, setPrices } from "../../scripts/test/investing";
import { startWorkflows, type Workflows } from "../../scripts/test/workflows";
import { ManualClock } from "../../scripts/workflows/clock";
import { db } from "@/lib/db";

/**
 * After the close, through the app's real serve() handler and the local stand-in for Inngest: the trade-confirmations
 * cron (17:30 New York time on weekdays) makes one confirmation for each account that traded that day, and none for
 * an account that did not.
 */
const CONFIRMATIONS = "autovest-trade-confirmations";
const GENERATE = "autovest-generate-document";
let workflows: Workflows;

beforeAll(async () => {
  await setPrices();
  workflows = await startWorkflows({
    select: (functions) => functions.filter((fn) => [CONFIRMATIONS, GENERATE].includes(fn.id("autovest"))),
    crons: [CONFIRMATIONS],
    // Monday 23 November 2026, 16:30 in New York: an hour before the run.
    clock: new ManualClock("2026-11-23T21:30:00Z"),
  });
});
afterAll(() => workflows.stop());

describe("the trade confirmations", () => {
  it("at 17:30 New York time, one confirmation per account that traded that day", async () => {
    const traded = await fundedInvestor(50_000n);
    await investAll(traded.accountId);
    const idle = await fundedInvestor(10_000n);
    // The fills settled that Monday afternoon (the test's orders settle at the real time: moved to the clock's day).
    await db.order.updateMany({ where: { investmentAccountId: traded.accountId }, data: { settledAt: new Date("2026-11-23T19:00:00Z") } });

    workflows.clock.advance(3_600_000);
    const run = await workflows.executor.waitForRun(CONFIRMATIONS, () => true, 60_000);
    await workflows.executor.settled(120_000);
    expect(run.output).toEqual({ day: "2026-11-23", accounts: 1, pages: 1, continuedFrom: null });

    const documents = await db.document.findMany({ where: { kind: "TRADE_CONFIRMATION" } });
    expect(documents.map((d) => [d.investmentAccountId, d.periodStart.toISOString().slice(0, 10)])).toEqual([[traded.accountId, "2026-11-23"]]);
    expect(await db.document.count({ where: { investmentAccountId: idle.accountId } })).toBe(0);
    expect(await db.notification.findMany({ where: { userId: traded.user.id, kind: "DOCUMENT" }, select: { title: true } })).toEqual([
      { title: "Your trade confirmation for 23 Nov 2026 is ready" },
    ]);
  });
});
