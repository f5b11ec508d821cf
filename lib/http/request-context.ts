import { isIP } from "node:net";
import { env } from "../env";

/** Who is asking, as recorded in the audit trail and used to rate-limit sign-in. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

export const NO_REQUEST_CONTEXT: RequestContext = { ip: null, userAgent: null };

/**
 * The client's address: the Nth address from the right of X-Forwarded-For, N = TRUSTED_PROXY_HOPS, counting
 * the address our own server saw (the connection's peer, always appended last by lib/http/peer-address.ts)
 * as position 0. So with no proxy (0) the client is the peer itself; with one proxy (1) it is what that
 * proxy saw and appended; with two, what the outer proxy saw. Entries further left are claims nobody we
 * trust checked, and are never used. Each trusted proxy must append (not replace or pass through) the
 * address it saw; with fewer entries than that, the address is unknown (null), never a guess.
 */
export function requestContextFrom(headers: Headers | Record<string, string | string[] | undefined>): RequestContext {
  const read = (name: string): string | null => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return (Array.isArray(value) ? value.join(",") : value) ?? null;
  };
  const hops = env().TRUSTED_PROXY_HOPS;
  const chain = (read("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const candidate = chain[chain.length - 1 - hops] ?? null;
  const ip = candidate && isIP(normaliseIp(candidate)) ? normaliseIp(candidate) : null;
  const userAgent = read("user-agent")?.slice(0, 512) ?? null;
  return { ip, userAgent };
}

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) is recorded as "127.0.0.1". */
function normaliseIp(ip: string): string {
  return ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}
