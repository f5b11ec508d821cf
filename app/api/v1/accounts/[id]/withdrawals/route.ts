import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { requireAccountReader } from "@/lib/auth/guards";
import { ownAccount } from "@/lib/auth/ownership";
import { apiRoute } from "@/lib/http/respond";
import { userRoute } from "@/lib/http/route-client";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { idempotencyKeyOf, refuseApiToken, withdrawalJson } from "@/lib/payments/withdrawals/api-views";
import { requestWithdrawal } from "@/lib/payments/withdrawals/request";
import { listWithdrawals, withdrawalOf } from "@/lib/payments/withdrawals/views";

type Params = { id: string };

export const GET = apiRoute<{ params: Promise<Params> }>(async (request, { params }) => {
  const { user } = await requireAccountReader(request, (await params).id);
  return Response.json({ withdrawals: (await listWithdrawals(user)).map(withdrawalJson) });
});

const create = userRoute<Params, z.ZodType<{ amount: unknown; bankAccountId: unknown }>>(
  { input: z.object({ amount: z.unknown(), bankAccountId: z.unknown() }), stepUp: true },
  async ({ request, params, user, input, context }) => {
    await ownAccount(user, params.id);
    const { withdrawal, outboxIds, created } = await requestWithdrawal(user, { ...input, requestKey: idempotencyKeyOf(request) }, context);
    after(() => dispatchOutbox(sendToInngest, { ids: outboxIds }));
    return Response.json({ withdrawal: withdrawalJson(await withdrawalOf(user, withdrawal.id)) }, { status: created ? 201 : 200 });
  },
);

/** Creates a withdrawal (browser session with a recent second factor; `Idempotency-Key` header required). */
export const POST = apiRoute<{ params: Promise<Params> }>(async (request, context) => {
  refuseApiToken(request);
  return create(request, context);
});
