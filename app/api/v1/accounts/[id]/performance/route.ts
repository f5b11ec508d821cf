import { requireAccountReader } from "@/lib/auth/guards";
import { BadRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/respond";
import { performanceJson } from "@/lib/portfolio/api-views";
import { performanceOfAccount, RANGES } from "@/lib/portfolio/performance";

export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { account } = await requireAccountReader(request, (await params).id);
  const requested = new URL(request.url).searchParams.get("range") ?? "1M";
  const range = RANGES.find((r) => r === requested.toUpperCase());
  if (!range) throw new BadRequest("invalid_range", `range must be one of ${RANGES.join(", ")}.`);
  return Response.json(performanceJson(account.id, account.currency, await performanceOfAccount(account.id, range)));
});
