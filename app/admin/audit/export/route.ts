import { exportAuditTrail, parseAuditQuery } from "@/lib/audit/trail";
import { staffRoute } from "@/lib/http/route-client";

/** The audit records the viewer's filter selects (every page of them) as CSV, streamed as they are read. */
export const GET = staffRoute({}, async ({ request, user, context }) => {
  const query = parseAuditQuery(new URL(request.url).searchParams);
  const lines = await exportAuditTrail(user, query, context);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="autovest-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
