"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { investorAction } from "@/lib/http/action-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { linkTestBankAccount, removeBankAccount, startBankLink } from "@/lib/payments/bank-accounts";

// Each field is checked by lib/payments/bank-accounts.ts (test account numbers, types, ownership).

export const linkTestBankAction = investorAction({ keepValues: ["holderName", "routingNumber", "accountType"] }, async ({ user, input }) => {
  await linkTestBankAccount(user, input);
  revalidatePath("/bank-accounts");
  return "The test bank account is linked.";
});

export const startBankLinkAction = investorAction({}, async ({ user }) => {
  const { url } = await startBankLink(user, randomUUID());
  redirect(url);
});

export const removeBankAction = investorAction({ input: z.object({ bankAccountId: z.string() }) }, async ({ user, input, context }) => {
  const { outboxIds } = await removeBankAccount(user, input.bankAccountId, context);
  if (outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  revalidatePath("/bank-accounts");
  return "The bank account was removed.";
});
