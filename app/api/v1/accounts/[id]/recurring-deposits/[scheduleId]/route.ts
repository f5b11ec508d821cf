import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { requireStepUp } from "@/lib/auth/step-up";
import { InvalidInput, NotFound } from "@/lib/errors";
import { userRoute } from "@/lib/http/route-client";
import type { CurrentUser } from "@/lib/auth/sessions";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { investmentAccountOf } from "@/lib/payments/deposits";
import { recurringDepositJson } from "@/lib/payments/recurring/api-views";
import {
  cancelRecurringDeposit,
  changeRecurringDeposit,
  pauseRecurringDeposit,
  resumeRecurringDeposit,
  skipNextRecurringDeposit,
  type ScheduleChange,
} from "@/lib/payments/recurring/schedules";

type Params = { id: string; scheduleId: string };

async function ownAccount(user: CurrentUser, accountId: string) {
  if ((await investmentAccountOf(user)).id !== accountId) throw new NotFound("No such account.");
}

function answer({ schedule, outboxIds }: ScheduleChange) {
  if (outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  return Response.json(recurringDepositJson(schedule));
}

const body = z.record(z.string(), z.unknown());

/**
 * One of the session owner's recurring deposits: { action: "skip-next" | "pause" | "resume" }, or the schedule's
 * fields ({ bankAccountId, amount, frequency, weekday | dayOfMonth }) to change it, which needs step-up.
 */
export const PATCH = userRoute<Params, typeof body>({ input: body }, async ({ user, params, input, context }) => {
  await ownAccount(user, params.id);
  if (input.action === undefined) {
    await requireStepUp(user);
    return answer(await changeRecurringDeposit(user, params.scheduleId, input, context));
  }
  if (input.action === "skip-next") return answer(await skipNextRecurringDeposit(user, params.scheduleId, context));
  if (input.action === "pause") return answer(await pauseRecurringDeposit(user, params.scheduleId, context));
  if (input.action === "resume") return answer(await resumeRecurringDeposit(user, params.scheduleId, context));
  throw new InvalidInput("Please correct the highlighted fields.", { action: 'One of "skip-next", "pause" or "resume"; or send the fields to change.' });
});

/** Cancels the recurring deposit (its history is kept). */
export const DELETE = userRoute<Params>({}, async ({ user, params, context }) => {
  await ownAccount(user, params.id);
  return answer(await cancelRecurringDeposit(user, params.scheduleId, context));
});
