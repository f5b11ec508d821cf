import { requireApiReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { latestPriceOf } from "@/lib/market-data/queries";

export const GET = apiRoute<{ params: Promise<{ symbol: string }> }>(async (request, { params }) => {
  await requireApiReader(request);
  return Response.json(await latestPriceOf((await params).symbol));
});
