import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvestor } from "../../scripts/test/factories";
import { fundedInvestor, setPrices } from "../../scripts/test/investing";
import { startWorkflows, type Workflows } from "../../scripts/test/workflows";
import { ManualClock } from "../../scripts/workflows/clock";
import { db } from "@/lib/db";

/**
 * Month end through the app's real serve() handler and the local stand-in for Inngest on a clock the test moves: the
 * monthly-statements cron fires at 02:00 New York time on the 1st and every account gets its statement for the month
 * before, once, however often the month's statements are asked for again.
 */
const STATEMENTS = "autovest-monthly-statements";
const GENERATE = "autovest-generate-document";

// The accounts are opened now, so the month under way is the one its 1st-of-next-month run covers.
const now = new Date();
const month = now.toISOString().slice(0, 7);
const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
let workflows: Workflows;

beforeAll(async () => {
  await setPrices();
  workflows = await startWorkflows({
    select: (functions) => functions.filter((fn) => [STATEMENTS, GENERATE].includes(fn.id("autovest"))),
    crons: [STATEMENTS],
    // An hour before the run: 02:00 in New York is 07:00 UTC in winter, 06:00 in summer.
    clock: new ManualClock(new Date(nextMonth.getTime() + 5 * 3_600_000)),
  });
});
afterAll(() => workflows.stop());

describe("the monthly statements", () => {
  it("at 02:00 New York time on the 1st, one statement per account for the month before, announced; asked again, nothing more", async () => {
    const funded = await fundedInvestor(75_000n);
    const empty = await createInvestor();
    const accounts = await db.investmentAccount.findMany({ select: { id: true, userId: true } });

    workflows.clock.advance(3 * 3_600_000);
    const run = await workflows.executor.waitForRun(STATEMENTS, () => true, 60_000);
    expect(run.status).toBe("completed");
    await workflows.executor.settled(120_000);
    expect(run.output).toEqual({ month, monthToDate: false, accounts: accounts.length, pages: 1, continuedFrom: null });

    const statements = await db.document.findMany({ where: { kind: "STATEMENT" } });
    expect(statements.map((d) => d.investmentAccountId).sort()).toEqual(accounts.map((a) => a.id).sort());
    expect(statements.every((d) => d.periodStart.toISOString().startsWith(`${month}-01`) && !d.monthToDate && d.size > 1_000)).toBe(true);
    for (const owner of [funded.user.id, empty.user.id]) {
      expect(await db.notification.count({ where: { userId: owner, kind: "DOCUMENT", link: "/documents" } })).toBe(1);
    }

    // An operator asks for the same month again (a retried run, a second request): still one statement each.
    await workflows.inngest.send({ name: "documents/statements.requested", data: { month, monthToDate: false, after: null } });
    await workflows.executor.waitFor((runs) => runs.filter((r) => r.functionId === STATEMENTS && r.status !== "running").length === 2 || undefined, 60_000);
    await workflows.executor.settled(120_000);
    expect(await db.document.count({ where: { kind: "STATEMENT" } })).toBe(accounts.length);
    expect(await db.notification.count({ where: { kind: "DOCUMENT" } })).toBe(accounts.length);
  });
});
