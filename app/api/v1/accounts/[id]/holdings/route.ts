import { requireAccountReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { holdingsOf } from "@/lib/investing/portfolio";
import { accountValue } from "@/lib/portfolio/account-value";
import { holdingsJson } from "@/lib/portfolio/api-views";

export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { account } = await requireAccountReader(request, (await params).id);
  const [holdings, value] = await Promise.all([holdingsOf(account.id), accountValue(account.id)]);
  return Response.json(holdingsJson(account.id, account.currency, holdings, value));
});
