import { apiRoute } from "@/lib/http/respond";
import { liveEventStream } from "@/lib/live/stream";
import { liveViewerOf } from "@/lib/live/viewer";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Live events for the signed-in viewer as Server-Sent Events (docs/live.md): what changed, never the figures
 * themselves; pages refresh from the server when told. 401 without a session or token.
 */
export const GET = apiRoute(async (request) => {
  const { viewer, stillSignedIn } = await liveViewerOf(request);
  return new Response(liveEventStream(viewer, { stillSignedIn, signal: request.signal }), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform keeps the server's compression from buffering events; X-Accel-Buffering does for nginx.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
