import { requireAccountReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { previewWithdrawal } from "@/lib/payments/withdrawals/request";

/** What a withdrawal of `amount` (dollars, or "everything") to `bankAccountId` would sell and realise; writes nothing. */
export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { user } = await requireAccountReader(request, (await params).id);
  const query = new URL(request.url).searchParams;
  return Response.json({ preview: await previewWithdrawal(user, { amount: query.get("amount") ?? "", bankAccountId: query.get("bankAccountId") ?? "" }) });
});
