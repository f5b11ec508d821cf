"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { adminAction } from "@/lib/http/action-client";
import { kindName, recordCorporateAction } from "@/lib/market-data/corporate-actions";
import { requestDividendPayments } from "@/lib/market-data/dividends";
import { dismissPriceFlag } from "@/lib/market-data/price-flags";
import { dispatchOutbox } from "@/lib/outbox/outbox";

/** Records a split, reverse split, cash dividend or symbol change (the form's `kind` says which; lib/market-data validates). */
export const recordCorporateActionAction = adminAction({ keepValues: true }, async ({ user, input, context }) => {
  const action = await recordCorporateAction(user, input, context);
  revalidatePath("/admin/corporate-actions");
  const state = action.kind === "CASH_DIVIDEND" ? "it is paid on its pay date" : action.exDate <= new Date() ? "it is applied" : "it is applied on its ex-date";
  return `Recorded the ${kindName(action.kind)} of ${action.symbol} on ${action.exDate.toISOString().slice(0, 10)}: ${state}.`;
});

export const dismissFlagAction = adminAction({}, async ({ user, input, context }) => {
  const { accepted } = await dismissPriceFlag(user, { flagId: input.flagId }, context);
  revalidatePath("/admin/corporate-actions");
  return accepted ? "Dismissed as a real market move: the held price is now the latest price." : "Dismissed as a real market move.";
});

/** Pays the dividends whose pay date has come now, rather than at the daily run (the workflow pays each once). */
export const payDueDividendsAction = adminAction({}, async ({ user }) => {
  const { outboxId, due } = await requestDividendPayments(user);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  return due === 0 ? "No dividend is due: nothing to pay." : `Paying ${due} due ${due === 1 ? "dividend" : "dividends"}: the list shows each as paid when done.`;
});
