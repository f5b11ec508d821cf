import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { requireAccountReader } from "@/lib/auth/guards";
import { NotFound } from "@/lib/errors";
import { apiRoute } from "@/lib/http/respond";
import { userRoute } from "@/lib/http/route-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { investmentAccountOf } from "@/lib/payments/deposits";
import { recurringDepositJson } from "@/lib/payments/recurring/api-views";
import { createRecurringDeposit, recurringDepositsOfAccount } from "@/lib/payments/recurring/schedules";

/** The account's recurring deposits with their recent periods: a token or the browser session. */
export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { account } = await requireAccountReader(request, (await params).id);
  return Response.json({ recurringDeposits: (await recurringDepositsOfAccount(account.id)).map(recurringDepositJson) });
});

const body = z.record(z.string(), z.unknown());

/** Sets up a recurring deposit: { bankAccountId, amount, frequency, weekday | dayOfMonth }. The session's owner, with step-up. */
export const POST = userRoute<{ id: string }, typeof body>({ input: body, stepUp: true }, async ({ user, params, input, context }) => {
  if ((await investmentAccountOf(user)).id !== params.id) throw new NotFound("No such account.");
  const { schedule, outboxIds } = await createRecurringDeposit(user, input, context);
  if (outboxIds.length) after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  return Response.json(recurringDepositJson(schedule), { status: 201 });
});
