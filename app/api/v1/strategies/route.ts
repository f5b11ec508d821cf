import { requireApiReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { publicStrategiesJson } from "@/lib/strategies/api-views";

/** The public strategies with their track-record figures (docs/strategies.md), for any API reader. */
export const GET = apiRoute(async (request) => {
  await requireApiReader(request);
  return Response.json({ strategies: await publicStrategiesJson() });
});
