import { requireAccountReader } from "@/lib/auth/guards";
import { feesJson, feesOf } from "@/lib/fees/views";
import { apiRoute } from "@/lib/http/respond";

/** The account's advisory fees: schedule, rate, waivers, this year's and this month's figures, and its monthly bills. */
export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { user, account } = await requireAccountReader(request, (await params).id);
  return Response.json(feesJson(account.id, account.currency, await feesOf(user.id, account.id)));
});
