import { requireAccountReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { holdingsOf } from "@/lib/investing/portfolio";
import { holdingsJson } from "@/lib/portfolio/api-views";

export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { account } = await requireAccountReader(request, (await params).id);
  return Response.json(holdingsJson(account.id, account.currency, await holdingsOf(account.id)));
});
