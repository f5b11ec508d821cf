"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { investorAction } from "@/lib/http/action-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { describeSchedule } from "@/lib/payments/recurring/describe";
import {
  cancelRecurringDeposit,
  changeRecurringDeposit,
  createRecurringDeposit,
  pauseRecurringDeposit,
  resumeRecurringDeposit,
  skipNextRecurringDeposit,
  type ScheduleChange,
} from "@/lib/payments/recurring/schedules";

// The schedule's fields are checked by lib/payments/recurring/schedules.ts (bank, amount limits, frequency, day).

function done({ schedule, outboxIds }: ScheduleChange, message: string): string {
  if (outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  revalidatePath("/recurring-deposits");
  return `${message} ${describeSchedule(schedule)}`.trim();
}

/** Creating or changing a schedule moves money later without asking again: the second factor, recently. */
export const createRecurringDepositAction = investorAction({ stepUp: true, keepValues: true }, async ({ user, input, context }) =>
  done(await createRecurringDeposit(user, input, context), "Recurring deposit set up:"),
);

export const changeRecurringDepositAction = investorAction({ stepUp: true, keepValues: true }, async ({ user, input, context }) =>
  done(await changeRecurringDeposit(user, String(input.scheduleId ?? ""), input, context), "Recurring deposit changed:"),
);

const one = z.object({ scheduleId: z.string() });

export const skipNextAction = investorAction({ input: one }, async ({ user, input, context }) =>
  done(await skipNextRecurringDeposit(user, input.scheduleId, context), "Next deposit skipped."),
);

export const pauseAction = investorAction({ input: one }, async ({ user, input, context }) => done(await pauseRecurringDeposit(user, input.scheduleId, context), "Paused."));

export const resumeAction = investorAction({ input: one }, async ({ user, input, context }) => done(await resumeRecurringDeposit(user, input.scheduleId, context), "Resumed:"));

export const cancelAction = investorAction({ input: one }, async ({ user, input, context }) => done(await cancelRecurringDeposit(user, input.scheduleId, context), "Cancelled."));
