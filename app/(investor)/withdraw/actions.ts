"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { investorAction } from "@/lib/http/action-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { cancelWithdrawal } from "@/lib/payments/withdrawals/decide";
import { requestWithdrawal } from "@/lib/payments/withdrawals/request";

// Each field is checked by lib/payments/withdrawals (amount, bank, request key; the withdrawal's owner).

/** Confirms the previewed withdrawal: money out needs the second factor again. */
export const confirmWithdrawalAction = investorAction({ stepUp: true }, async ({ user, input, context }) => {
  const { withdrawal, outboxIds } = await requestWithdrawal(user, { amount: input.amount, bankAccountId: input.bankAccountId, requestKey: input.requestKey }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  redirect(`/withdraw?requested=${withdrawal.id}`);
});

export const cancelWithdrawalAction = investorAction({}, async ({ user, input, context }) => {
  const { outboxIds } = await cancelWithdrawal(user, { withdrawalId: input.withdrawalId }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  revalidatePath("/withdraw");
  return "The withdrawal was cancelled; its cash is available again.";
});
