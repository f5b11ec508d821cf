import { requireApiReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { dailyHistoryOf } from "@/lib/market-data/queries";

export const GET = apiRoute<{ params: Promise<{ symbol: string }> }>(async (request, { params }) => {
  await requireApiReader(request);
  return Response.json(await dailyHistoryOf((await params).symbol, Object.fromEntries(new URL(request.url).searchParams)));
});
