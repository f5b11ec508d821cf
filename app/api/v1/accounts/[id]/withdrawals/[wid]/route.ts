import { requireAccountReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { withdrawalJson } from "@/lib/payments/withdrawals/api-views";
import { withdrawalOf } from "@/lib/payments/withdrawals/views";

export const GET = apiRoute<{ params: Promise<{ id: string; wid: string }> }>(async (request, { params }) => {
  const { id, wid } = await params;
  const { user } = await requireAccountReader(request, id);
  return Response.json({ withdrawal: withdrawalJson(await withdrawalOf(user, wid)) });
});
