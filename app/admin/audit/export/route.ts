import { exportAuditTrail, parseAuditQuery } from "@/lib/audit/trail";
import { requireUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/respond";
import { requestContextFrom } from "@/lib/http/request-context";
import { textStream } from "@/lib/http/text-stream";

/** The audit records the viewer's filter selects (every page of them) as CSV, streamed as they are read. */
export const GET = apiRoute(async (request) => {
  const actor = await requireUser(STAFF_ROLES);
  const query = parseAuditQuery(new URL(request.url).searchParams);
  const lines = await exportAuditTrail(actor, query, requestContextFrom(request.headers));
  return new Response(textStream(lines), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="autovest-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
