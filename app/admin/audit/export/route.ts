import { exportAuditTrail, parseAuditQuery } from "@/lib/audit/trail";
import { staffRoute } from "@/lib/http/route-client";
import { textStream } from "@/lib/http/text-stream";

/** The audit records the viewer's filter selects (every page of them) as CSV, streamed as they are read. */
export const GET = staffRoute({}, async ({ request, user, context }) => {
  const query = parseAuditQuery(new URL(request.url).searchParams);
  const lines = await exportAuditTrail(user, query, context);
  return new Response(textStream(lines), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="autovest-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
