"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { requestStatements } from "@/lib/documents/request-statements";
import { monthName } from "@/lib/documents/statement";
import { requestFeeBilling } from "@/lib/fees/admin";
import { adminAction, staffAction } from "@/lib/http/action-client";
import { setTradingHalt } from "@/lib/investing/trading-halt";
import { cancelWorkflowRun, releaseAccountLock } from "@/lib/operations/account-locks";
import { requeueOutboxEvent } from "@/lib/operations/requeue-outbox-event";
import { retryRun } from "@/lib/operations/retry-run";
import { dispatchOutbox } from "@/lib/outbox/outbox";

export const haltTradingAction = adminAction({ input: z.object({ reason: z.string().default("") }), stepUp: true }, async ({ user, input, context }) => {
  await setTradingHalt(user, true, input.reason, context);
  revalidatePath("/admin/operations");
  return "Trading is halted: runs wait before placing orders until it is resumed.";
});

export const resumeTradingAction = adminAction({ stepUp: true }, async ({ user, context }) => {
  const { outboxId } = await setTradingHalt(user, false, "", context);
  // Announce it after the commit, so runs waiting out the halt go on at once.
  if (outboxId) after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  revalidatePath("/admin/operations");
  return "Trading resumed: waiting runs place their orders now.";
});

export const retryRunAction = adminAction({}, async ({ user, input, context }) => {
  const { outboxId } = await retryRun(user, { runId: input.runId }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  revalidatePath("/admin/operations");
  return "Retry sent: a new run starts with the same event.";
});

// The outbox: an admin sends a parked event again.

export const requeueOutboxEventAction = adminAction({}, async ({ user, input, context }) => {
  const { eventId, name } = await requeueOutboxEvent(user, { eventId: input.eventId }, context);
  // Sent after the commit; if Inngest refuses it again, it is retried and parked as before.
  after(() => dispatchOutbox(sendToInngest, { ids: [eventId] }));
  revalidatePath("/admin/operations");
  return `The ${name} event is back in line and is being sent now.`;
});

// Runs and the accounts they hold: an admin cancels a run, or releases an account from a run that is lost.

export const cancelRunAction = adminAction({}, async ({ user, input, context }) => {
  await cancelWorkflowRun(user, { runId: input.runId }, context);
  revalidatePath("/admin/operations");
  return "Cancelled: the run stops before its next step, and what it held is given back.";
});

export const releaseAccountAction = adminAction({}, async ({ user, input, context }) => {
  const { outboxId } = await releaseAccountLock(user, { investmentAccountId: input.investmentAccountId, runKey: input.runKey }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  revalidatePath("/admin/operations");
  return "Releasing: its orders are withdrawn or cancelled, its cash given back, and the work waiting for the account starts.";
});

// Statements: staff generate a month's statements now (the month under way: month to date).

export const generateStatementsAction = staffAction({}, async ({ user, input, context }) => {
  const { outboxId, month, monthToDate } = await requestStatements(user, input, context);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  revalidatePath("/admin/operations");
  return monthToDate
    ? `Generating ${monthName(`${month}-01`)} statements, month to date: each investor is told when theirs is ready.`
    : `Generating the ${monthName(`${month}-01`)} statements that are missing: each investor is told when theirs is ready.`;
});

// Fees: an admin bills a whole past month on demand (the same event as the cron on the 1st).

export const billFeesAction = adminAction({ stepUp: true, keepValues: ["month"] }, async ({ user, input, context }) => {
  const { outboxId, month } = await requestFeeBilling(user, input, context);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  revalidatePath("/admin/operations");
  return `Billing ${month}: bills are written and cash is taken now; accounts short of cash sell to cover theirs.`;
});
