import { apiRoute } from "@/lib/http/respond";
import { claimStream } from "@/lib/live/limits";
import { liveEventStream } from "@/lib/live/stream";
import { liveViewerOf } from "@/lib/live/viewer";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Live events for the signed-in viewer as Server-Sent Events (docs/live.md): what changed, never the figures
 * themselves; pages refresh from the server when told. 401 without a session or token; 429 when the viewer holds
 * MAX_STREAMS_PER_USER streams open already.
 */
export const GET = apiRoute(async (request) => {
  const { viewer, stillSignedIn } = await liveViewerOf(request);
  // 429 beyond MAX_STREAMS_PER_USER open at once; the place is given back when the stream ends.
  const release = claimStream(viewer.userId);
  return new Response(liveEventStream(viewer, { stillSignedIn, signal: request.signal, onClose: release }), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform keeps the server's compression from buffering events; X-Accel-Buffering does for nginx.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
