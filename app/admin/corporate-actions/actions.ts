"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { requireUser } from "@/lib/auth/guards";
import { formState, type FormState } from "@/lib/http/form-state";
import { requestContextFrom } from "@/lib/http/request-context";
import { kindName, recordCorporateAction } from "@/lib/market-data/corporate-actions";
import { requestDividendPayments } from "@/lib/market-data/dividends";
import { dismissPriceFlag } from "@/lib/market-data/price-flags";
import { dispatchOutbox } from "@/lib/outbox/outbox";

/** Records a split, reverse split, cash dividend or symbol change (the form's `kind` says which). */
export async function recordCorporateActionAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  const result = await formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const action = await recordCorporateAction(actor, Object.fromEntries(form), context);
    revalidatePath("/admin/corporate-actions");
    const state = action.kind === "CASH_DIVIDEND" ? "it is paid on its pay date" : action.exDate <= new Date() ? "it is applied" : "it is applied on its ex-date";
    return `Recorded the ${kindName(action.kind)} of ${action.symbol} on ${action.exDate.toISOString().slice(0, 10)}: ${state}.`;
  });
  // The form keeps what was typed when it is refused.
  return result.status === "error" ? { ...result, values: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) } : result;
}

export async function dismissFlagAction(_previous: FormState, form: FormData): Promise<FormState> {
  const context = requestContextFrom(await headers());
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const { accepted } = await dismissPriceFlag(actor, { flagId: form.get("flagId") }, context);
    revalidatePath("/admin/corporate-actions");
    return accepted ? "Dismissed as a real market move: the held price is now the latest price." : "Dismissed as a real market move.";
  });
}

/** Pays the dividends whose pay date has come now, rather than at the daily run (the workflow pays each once). */
export async function payDueDividendsAction(_previous: FormState): Promise<FormState> {
  return formState(async () => {
    const actor = await requireUser(["ADMIN"]);
    const { outboxId, due } = await requestDividendPayments(actor);
    after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
    return due === 0 ? "No dividend is due: nothing to pay." : `Paying ${due} due ${due === 1 ? "dividend" : "dividends"}: the list shows each as paid when done.`;
  });
}
