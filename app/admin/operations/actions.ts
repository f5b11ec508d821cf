"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { requireUser } from "@/lib/auth/guards";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";
import { setTradingHalt } from "@/lib/investing/trading-halt";
import { cancelWorkflowRun, releaseAccountLock } from "@/lib/operations/account-locks";
import { requeueOutboxEvent } from "@/lib/operations/requeue-outbox-event";
import { retryRun } from "@/lib/operations/retry-run";
import { dispatchOutbox } from "@/lib/outbox/outbox";

export async function haltTradingAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    await setTradingHalt(actor, true, String(form.get("reason") ?? ""), context);
    revalidatePath("/admin/operations");
    return "Trading is halted: runs wait before placing orders until it is resumed.";
  });
}

export async function resumeTradingAction(_previous: FormState): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const { outboxId } = await setTradingHalt(actor, false, "", context);
    // Announce it after the commit, so runs waiting out the halt go on at once.
    if (outboxId) after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
    revalidatePath("/admin/operations");
    return "Trading resumed: waiting runs place their orders now.";
  });
}

export async function retryRunAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const { outboxId } = await retryRun(actor, { runId: form.get("runId") }, context);
    after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
    revalidatePath("/admin/operations");
    return "Retry sent: a new run starts with the same event.";
  });
}

// The outbox: an admin sends a parked event again.

export async function requeueOutboxEventAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const { eventId, name } = await requeueOutboxEvent(actor, { eventId: form.get("eventId") }, context);
    // Sent after the commit; if Inngest refuses it again, it is retried and parked as before.
    after(() => dispatchOutbox(sendToInngest, { ids: [eventId] }));
    revalidatePath("/admin/operations");
    return `The ${name} event is back in line and is being sent now.`;
  });
}

// Runs and the accounts they hold: an admin cancels a run, or releases an account from a run that is lost.

export async function cancelRunAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    await cancelWorkflowRun(actor, { runId: form.get("runId") }, context);
    revalidatePath("/admin/operations");
    return "Cancelled: the run stops before its next step, and what it held is given back.";
  });
}

export async function releaseAccountAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const { outboxId } = await releaseAccountLock(actor, { investmentAccountId: form.get("investmentAccountId"), runKey: form.get("runKey") }, context);
    after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
    revalidatePath("/admin/operations");
    return "Releasing: its orders are withdrawn or cancelled, its cash given back, and the work waiting for the account starts.";
  });
}
