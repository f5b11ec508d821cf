import { requireAccountReader } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { ACTIVITY_CSV_HEADER, activityCsvLine } from "@/lib/portfolio/activity-csv";
import { activityExport } from "@/lib/portfolio/activity-export";

const MAX_ROWS = 100_000;

/**
 * Every activity as CSV, newest first, for a spreadsheet: date (ISO 8601, UTC), type, symbol, quantity, price,
 * amount, fees, cash balance after, currency, description (lib/portfolio/activity-csv.ts).
 */
export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { account } = await requireAccountReader(request, (await params).id);
  const type = new URL(request.url).searchParams.get("type") ?? undefined;
  const lines = [ACTIVITY_CSV_HEADER];
  for await (const row of activityExport(account.id, account.currency, type, MAX_ROWS)) lines.push(activityCsvLine(row, account.currency));
  return new Response(`${lines.join("\r\n")}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="autovest-transactions-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
