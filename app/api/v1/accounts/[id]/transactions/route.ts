import { requireAccountReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { transactionJson } from "@/lib/portfolio/api-views";
import { listTransactions } from "@/lib/portfolio/transactions";

export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { account } = await requireAccountReader(request, (await params).id);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { transactions, nextCursor } = await listTransactions(account.id, query, account.currency);
  return Response.json({ transactions: transactions.map((t) => transactionJson(t, account.currency)), nextCursor });
});
