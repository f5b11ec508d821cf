import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";
import { requestContextFrom } from "@/lib/http/request-context";
import { textStream } from "@/lib/http/text-stream";
import { exportPersonalData } from "@/lib/privacy/export";

/**
 * Everything we hold about the signed-in person, as one JSON file ("Your data"). The browser session only
 * (requireUser reads the cookie, never an API token: a read-only token must not carry someone's identity
 * documents away), with a fresh second factor from those who have one; audited before it is read.
 */
export const GET = apiRoute(async (request) => {
  const user = await requireUser();
  const chunks = await exportPersonalData(user, requestContextFrom(request.headers));
  return new Response(textStream(chunks), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="autovest-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
