import { deliveryFor, type LiveViewer } from "./events";
import { subscribeLive } from "./hub";

export interface LiveStreamOptions {
  /** Whether the viewer's session (or API token) is still good: asked on every heartbeat and when a sign-out is announced. */
  stillSignedIn: () => Promise<boolean>;
  /** Aborted when the browser goes away. */
  signal?: AbortSignal;
  heartbeatMs?: number;
  /** The reconnection delay the browser is told to use (`retry:`). */
  retryMs?: number;
  /** Called once when the stream ends, however it ends (lib/live/limits.ts gives the viewer's place back). */
  onClose?: () => void;
}

const encoder = new TextEncoder();

/** One Server-Sent Event: a named event with JSON data. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The viewer's live events as a text/event-stream body: `prices`, `account`, `book` (staff) and `resync` as the hub
 * hands them over, `: ping` comments every heartbeat (each also re-checks the session), and, once the session has
 * ended, one `session-ended` event before the stream closes (the client then does not reconnect).
 */
export function liveEventStream(viewer: LiveViewer, { stillSignedIn, signal, heartbeatMs = 15_000, retryMs = 3_000, onClose }: LiveStreamOptions): ReadableStream<Uint8Array> {
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const { ready, unsubscribe } = subscribeLive((message) => {
        const delivery = deliveryFor(message, viewer);
        if (delivery === "recheck") void recheck();
        else if (delivery) write(sseEvent(delivery.event, delivery.data));
      });
      const heartbeat = setInterval(() => {
        write(": ping\n\n");
        void recheck();
      }, heartbeatMs);
      stop = () => {
        if (!open) return;
        open = false;
        onClose?.();
        clearInterval(heartbeat);
        unsubscribe();
        signal?.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // already closed by the browser going away
        }
      };
      async function recheck() {
        let signedIn = true;
        try {
          signedIn = await stillSignedIn();
        } catch {
          return; // the database is briefly away: the next heartbeat asks again
        }
        if (signedIn || !open) return;
        write(sseEvent("session-ended", {}));
        stop();
      }
      signal?.addEventListener("abort", stop);
      if (signal?.aborted) return stop();
      // Sent at once so that no proxy or server waits for a first chunk before passing the response on.
      write(`retry: ${retryMs}\n: connected\n\n`);
      await ready;
      write(": listening\n\n");
    },
    cancel() {
      stop();
    },
  });
}
