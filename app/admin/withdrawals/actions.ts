"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { adminAction, staffAction } from "@/lib/http/action-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { setApprovalLimit } from "@/lib/payments/withdrawals/approval-limit";
import { approveWithdrawal, rejectWithdrawal } from "@/lib/payments/withdrawals/decide";
import { formatMoney } from "@/lib/money";

// Who may decide (the client's advisor, or an admin) is checked by lib/payments/withdrawals/decide.ts.

export const approveWithdrawalAction = staffAction({ stepUp: true }, async ({ user, input, context }) => {
  const { outboxIds } = await approveWithdrawal(user, { withdrawalId: input.withdrawalId }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  revalidatePath("/admin/withdrawals");
  return "Approved: the withdrawal goes ahead.";
});

export const rejectWithdrawalAction = staffAction({ stepUp: true, keepValues: ["reason"] }, async ({ user, input, context }) => {
  const { outboxIds } = await rejectWithdrawal(user, { withdrawalId: input.withdrawalId, reason: input.reason }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  revalidatePath("/admin/withdrawals");
  return "Rejected: nothing was sold, and the client's cash is available again.";
});

export const approvalLimitAction = adminAction({ stepUp: true }, async ({ user, input, context }) => {
  const limit = await setApprovalLimit(user, input.limit, context);
  revalidatePath("/admin/withdrawals");
  return `Withdrawals above ${formatMoney(limit)} now wait for an advisor.`;
});
