import { userRoute } from "@/lib/http/route-client";
import { textStream } from "@/lib/http/text-stream";
import { exportPersonalData } from "@/lib/privacy/export";

/**
 * Everything we hold about the signed-in person, as one JSON file ("Your data"). The browser session only
 * (userRoute reads the cookie, never an API token: a read-only token must not carry someone's identity documents
 * away), with a fresh second factor from those who have one (checked in exportPersonalData); audited before it is read.
 */
export const GET = userRoute({}, async ({ user, context }) => {
  const chunks = await exportPersonalData(user, context);
  return new Response(textStream(chunks), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="autovest-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
