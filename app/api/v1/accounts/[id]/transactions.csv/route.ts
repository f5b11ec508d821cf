import { requireAccountReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { csvCell, transactionJson } from "@/lib/portfolio/api-views";
import { listTransactions } from "@/lib/portfolio/transactions";

const MAX_ROWS = 100_000;

/** Every transaction as CSV (date, type, description, amount, currency), newest first, for a spreadsheet. */
export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { account } = await requireAccountReader(request, (await params).id);
  const type = new URL(request.url).searchParams.get("type") ?? undefined;
  const lines = ["date,type,description,amount,currency"];
  let cursor: string | undefined;
  do {
    const page = await listTransactions(account.id, { cursor, type, limit: 500 }, account.currency);
    for (const t of page.transactions.map((row) => transactionJson(row, account.currency))) {
      lines.push([t.at, t.type, t.description, t.amount, t.currency].map(csvCell).join(","));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && lines.length <= MAX_ROWS);
  return new Response(`${lines.join("\r\n")}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="autovest-transactions-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
