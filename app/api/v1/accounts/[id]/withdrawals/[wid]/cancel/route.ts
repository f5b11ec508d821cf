import { after } from "next/server";
import { sendToInngest } from "@/inngest/send-outbox";
import { ownAccount } from "@/lib/auth/ownership";
import { apiRoute } from "@/lib/http/respond";
import { userRoute } from "@/lib/http/route-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { refuseApiToken, withdrawalJson } from "@/lib/payments/withdrawals/api-views";
import { cancelWithdrawal } from "@/lib/payments/withdrawals/decide";
import { withdrawalOf } from "@/lib/payments/withdrawals/views";

type Params = { id: string; wid: string };

const cancel = userRoute<Params>({}, async ({ params, user, context }) => {
  await ownAccount(user, params.id);
  const { outboxIds } = await cancelWithdrawal(user, { withdrawalId: params.wid }, context);
  after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
  return Response.json({ withdrawal: withdrawalJson(await withdrawalOf(user, params.wid)) });
});

/** Cancels a withdrawal before selling starts (browser session); 409 once selling has started. */
export const POST = apiRoute<{ params: Promise<Params> }>(async (request, context) => {
  refuseApiToken(request);
  return cancel(request, context);
});
