import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

const INSTALLED = Symbol.for("autovest.peer-address-in-forwarded-for");

/**
 * Makes every request this process's HTTP server receives carry, as the last entry of X-Forwarded-For, the
 * address of the connection it came on (the socket peer), before Next.js or the app sees it.
 *
 * Why: `next start` sets X-Forwarded-For to the peer only when the request has none (base-server.js,
 * `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so a client that sends the header itself
 * chooses its own address, and behind a proxy the proxy's own address is never added. With the peer always
 * appended, "the Nth address from the right" (lib/http/request-context.ts) is one rule for 0, 1 or more
 * proxies. Node's `http.server.request.start` channel runs before the server's "request" event, in the
 * process that serves (so `next start`, `next dev` and the browser tests alike); installed once per process
 * from instrumentation.ts (module reloads in development must not append the peer twice).
 */
export function appendPeerAddressToForwardedFor(): void {
  const state = globalThis as { [INSTALLED]?: boolean };
  if (state[INSTALLED]) return;
  state[INSTALLED] = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const peer = socket.remoteAddress;
    if (!peer) return;
    const existing = request.headers["x-forwarded-for"];
    request.headers["x-forwarded-for"] = existing ? `${existing}, ${peer}` : peer;
  });
}
