import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browser, createInvestor } from "../../scripts/test/factories";
import { BALANCED_ANSWERS, setPrices } from "../../scripts/test/investing";
import { linkTestBank } from "../../scripts/test/payments";
import { ManualClock } from "../../scripts/workflows/clock";
import { startWorkflows, type Workflows } from "../../scripts/test/workflows";
import { db } from "@/lib/db";
import { submitRiskQuestionnaire } from "@/lib/investing/risk-profile";
import { investorBalances } from "@/lib/ledger/accounts";
import { trialBalance } from "@/lib/ledger/trial-balance";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { overduePeriods } from "@/lib/payments/recurring/periods";
import { createRecurringDeposit, pauseRecurringDeposit, skipNextRecurringDeposit } from "@/lib/payments/recurring/schedules";
import { sendToInngest } from "../send-outbox";

/**
 * Recurring deposits through the app's real serve() handler and the local stand-in for Inngest, on a clock the
 * test moves: periods sleep until their day, make one deposit each whatever is replayed, settle through the
 * webhook and are invested; a failing bank is retried once and the investor told; pausing and skipping cancel
 * the waiting runs.
 */
let workflows: Workflows;
const PERIOD = "autovest-recurring-deposit-period";

beforeAll(async () => {
  // Wednesday 2 December 2026, 10:00 in New York.
  workflows = await startWorkflows({ clock: new ManualClock("2026-12-02T15:00:00Z") });
});
afterAll(() => workflows.stop());
beforeEach(() => setPrices());

const send = (outboxIds: string[]) => dispatchOutbox(sendToInngest, { ids: outboxIds });
const periodRuns = (scheduleId: string) => workflows.executor.runs().filter((run) => run.functionId === PERIOD && run.event.data.scheduleId === scheduleId);
const sleepingRun = (scheduleId: string, periodDate: string, attempt = 1) =>
  workflows.executor.waitFor(() =>
    periodRuns(scheduleId).find((run) => run.state === "sleeping" && run.event.data.periodDate === periodDate && run.event.data.attempt === attempt),
  );
async function advanceTo(instant: string) {
  workflows.clock.set(instant);
  await workflows.executor.settled(60_000);
}
const periodsOf = (scheduleId: string) =>
  db.recurringDepositPeriod.findMany({
    where: { scheduleId },
    orderBy: { periodDate: "asc" },
    include: { deposits: { orderBy: { recurringAttempt: "asc" }, select: { status: true, amount: true, recurringAttempt: true, failureMessage: true } } },
  });

async function investorWithSchedule(accountNumber: string, input: Record<string, string> = { amount: "200.00", frequency: "WEEKLY", weekday: "5" }) {
  const investor = await createInvestor({ verified: true });
  await submitRiskQuestionnaire(investor.user, BALANCED_ANSWERS, browser());
  const bank = await linkTestBank(investor.user, accountNumber);
  const { schedule, outboxIds } = await createRecurringDeposit(investor.user, { bankAccountId: bank.id, ...input }, browser(), workflows.clock.now());
  await send(outboxIds);
  return { ...investor, bank, schedule };
}

describe("a weekly recurring deposit", () => {
  it("runs three periods, one deposit each whatever is replayed, each settled and invested; the books balance", async () => {
    const { schedule, accountId } = await investorWithSchedule("000123456789");
    expect(schedule.nextPeriodDate).toEqual(new Date("2026-12-04T00:00:00Z"));
    const first = await sleepingRun(schedule.id, "2026-12-04");
    expect(first.wakeAt).toEqual(new Date("2026-12-04T15:00:00Z"));

    await advanceTo("2026-12-04T15:00:01Z"); // Friday 10:00 in New York
    // The period's event delivered again (a replay under a new id) and the overdue sweep's event: nothing more.
    await workflows.inngest.send({ ...first.event, id: randomUUID() });
    await advanceTo("2026-12-11T15:00:01Z");
    const { events } = await overduePeriods({ after: null, limit: 100, now: new Date("2026-12-18T17:00:00Z") });
    await workflows.inngest.send(events.filter((e) => e.data.scheduleId === schedule.id).map((e) => ({ ...e, data: { ...e.data } })));
    await advanceTo("2026-12-18T15:00:01Z");

    const periods = await periodsOf(schedule.id);
    expect(periods.map((period) => [period.periodDate.toISOString().slice(0, 10), period.status, period.deposits.map((d) => d.status)])).toEqual([
      ["2026-12-04", "SUCCEEDED", ["SUCCEEDED"]],
      ["2026-12-11", "SUCCEEDED", ["SUCCEEDED"]],
      ["2026-12-18", "SUCCEEDED", ["SUCCEEDED"]],
    ]);
    expect(await db.deposit.count({ where: { investmentAccountId: accountId } })).toBe(3);
    // Invested like any other deposit: three invest runs, $600 of holdings, little cash left.
    const invests = workflows.executor.runs().filter((run) => run.functionId === "autovest-invest-account" && run.event.data.investmentAccountId === accountId);
    expect(invests.filter((run) => run.status === "completed")).toHaveLength(3);
    const cost = (await db.holding.findMany({ where: { investmentAccountId: accountId } })).reduce((sum, holding) => sum + holding.costBasis, 0n);
    expect(cost).toBeGreaterThan(59_000n);
    expect((await investorBalances(accountId)).INVESTOR_CASH + cost).toBe(60_000n);
    expect(await db.recurringDeposit.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ nextPeriodDate: new Date("2026-12-25T00:00:00Z"), status: "ACTIVE" });
    expect(periodRuns(schedule.id).filter((run) => run.status === "failed")).toEqual([]);
    expect((await trialBalance()).balanced).toBe(true);
  });
});

describe("a recurring deposit whose bank fails", () => {
  it("is retried once three days later, then the period fails and the investor is told; no money moves", async () => {
    workflows.clock.set("2026-12-02T15:00:00Z");
    const { schedule, accountId, user } = await investorWithSchedule("000222222227");
    await advanceTo("2026-12-04T15:00:01Z");
    const retry = await sleepingRun(schedule.id, "2026-12-04", 2);
    expect(retry.wakeAt).toEqual(new Date("2026-12-07T15:00:00Z")); // Monday 10:00 in New York
    expect((await periodsOf(schedule.id))[0]).toMatchObject({ status: "RETRY_SCHEDULED", failureMessage: "The bank account did not have enough money." });
    expect(await db.notification.count({ where: { userId: user.id, kind: "DEPOSIT", title: { contains: "did not go through" } } })).toBe(0);

    await advanceTo("2026-12-07T15:00:01Z");
    const [period] = await periodsOf(schedule.id);
    expect(period).toMatchObject({ status: "FAILED", attempts: 2, failureMessage: "The bank account did not have enough money." });
    expect(period!.deposits.map((deposit) => [deposit.recurringAttempt, deposit.status])).toEqual([
      [1, "FAILED"],
      [2, "FAILED"],
    ]);
    const told = await db.notification.findFirstOrThrow({ where: { userId: user.id, dedupeKey: `recurring-period-failed:${period!.id}` } });
    expect(told.title).toBe("Your recurring deposit of $200.00 did not go through");
    expect(told.body).toContain("STRIPE TEST BANK ••••2227 for Friday, December 4, 2026: The bank account did not have enough money.");
    expect(await db.outboxEvent.count({ where: { name: "notification/created", data: { path: ["notificationId"], equals: told.id } } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "RECURRING_DEPOSIT_PERIOD_FAILED", targetId: schedule.id } })).toBe(1);
    expect((await investorBalances(accountId)).INVESTOR_CASH).toBe(0n);
    // The schedule goes on: the next Friday's run waits.
    await sleepingRun(schedule.id, "2026-12-11");
    expect((await trialBalance()).balanced).toBe(true);
  });
});

describe("changing a schedule cancels its waiting run", () => {
  it("pausing cancels the sleeping run: nothing is debited on its day", async () => {
    workflows.clock.set("2026-12-02T15:00:00Z");
    const { schedule, user, accountId } = await investorWithSchedule("000123456789");
    const waiting = await sleepingRun(schedule.id, "2026-12-04");
    const { outboxIds } = await pauseRecurringDeposit(user, schedule.id, browser());
    await send(outboxIds);
    await workflows.executor.waitFor(() => periodRuns(schedule.id).find((run) => run.runId === waiting.runId && run.status === "cancelled"));
    await advanceTo("2026-12-04T15:00:01Z");
    expect(await db.deposit.count({ where: { investmentAccountId: accountId } })).toBe(0);
    expect(await db.recurringDeposit.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ status: "PAUSED", nextRunAt: null });
  });

  it("skipping the next period records it as skipped and runs the one after", async () => {
    workflows.clock.set("2026-12-02T15:00:00Z");
    const { schedule, user, accountId } = await investorWithSchedule("000123456789", { amount: "50", frequency: "BIWEEKLY", weekday: "5" });
    const waiting = await sleepingRun(schedule.id, "2026-12-04");
    const { outboxIds } = await skipNextRecurringDeposit(user, schedule.id, browser());
    await send(outboxIds);
    await workflows.executor.waitFor(() => periodRuns(schedule.id).find((run) => run.runId === waiting.runId && run.status === "cancelled"));
    await advanceTo("2026-12-18T15:00:01Z");
    expect((await periodsOf(schedule.id)).map((period) => [period.periodDate.toISOString().slice(0, 10), period.status])).toEqual([
      ["2026-12-04", "SKIPPED"],
      ["2026-12-18", "SUCCEEDED"],
    ]);
    expect(await db.deposit.count({ where: { investmentAccountId: accountId } })).toBe(1);
  });
});
