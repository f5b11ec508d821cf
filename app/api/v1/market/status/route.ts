import { requireApiReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { pricesAsOf } from "@/lib/market-data/sync";

/** When prices were last synced, and whether they are stale: what pages poll to know when to refresh. */
export const GET = apiRoute(async (request) => {
  await requireApiReader(request);
  const { asOf, stale } = await pricesAsOf();
  return Response.json({ pricesAsOf: asOf?.toISOString() ?? null, stale }, { headers: { "cache-control": "no-store" } });
});
