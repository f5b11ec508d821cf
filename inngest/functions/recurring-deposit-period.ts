import { dispatchOutbox } from "@/lib/outbox/outbox";
import { debitPeriodDeposit, makePeriodDeposit } from "@/lib/payments/recurring/periods";
import { inngest, recurringDepositChanged, recurringDepositDue } from "../client";
import { sendToInngest } from "../send-outbox";

/**
 * One period of a recurring deposit (or its one retry): sleeps until the period's time, makes its deposit, debits
 * the bank, and sends what that wrote to the outbox (the next period's event; deposit/settled and notifications
 * when a test-mode debit settles at once). The webhook does the rest, as for any deposit.
 *
 * - Trigger: `recurring-deposit/period.due`, written once per period, version and attempt through the outbox
 *   (and re-sent by the daily `recurring-deposits-due` sweep for one whose run is missing).
 * - Concurrency: one step at a time per schedule.
 * - Cancellation: `recurring-deposit/schedule.changed` of a newer version cancels a waiting first attempt; a
 *   waiting retry only when the schedule was paused or cancelled (a skip or a change of a later period leaves it).
 *   A run that wakes anyway finds its version stale or its schedule stopped, and makes nothing.
 * - Steps: 4 (sleep, make, debit, send); outputs are ids and short outcomes. Failure: Inngest's 4 retries;
 *   each step is idempotent (the period and deposit are unique; Stripe's idempotency key per period and attempt).
 */
export const recurringDepositPeriod = inngest.createFunction(
  {
    id: "recurring-deposit-period",
    triggers: [recurringDepositDue],
    concurrency: { key: "event.data.scheduleId", limit: 1 },
    cancelOn: [
      {
        event: recurringDepositChanged,
        if: "async.data.scheduleId == event.data.scheduleId && async.data.version > event.data.version && (!event.data.retry || async.data.stopped)",
      },
    ],
  },
  async ({ event, step }) => {
    const run = { scheduleId: event.data.scheduleId, version: event.data.version, periodDate: event.data.periodDate, attempt: event.data.attempt };
    await step.sleepUntil("wait for the period", new Date(event.data.runAt));
    const made = await step.run("make the period's deposit", () => makePeriodDeposit(run));
    const debited = made.depositId ? await step.run("debit the bank", () => debitPeriodDeposit(made.depositId!)) : null;
    const outboxIds = [...made.outboxIds, ...(debited?.outboxIds ?? [])];
    if (outboxIds.length) await step.run("send its events", () => dispatchOutbox(sendToInngest, { ids: outboxIds }));
    return { depositId: made.depositId, outcome: debited?.outcome ?? ("outcome" in made ? made.outcome : null) };
  },
);
