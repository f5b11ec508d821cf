import { isIP } from "node:net";
import { env } from "../env";

/** Who is asking, as recorded in the audit trail and used to rate-limit sign-in. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

export const NO_REQUEST_CONTEXT: RequestContext = { ip: null, userAgent: null };

/**
 * The client's address, from X-Forwarded-For. Each trusted proxy in front of the app (TRUSTED_PROXY_HOPS)
 * appends the address it saw, so the entry that many places from the right is the client as our nearest
 * proxy saw it; anything further left is the client's own claim. Without a proxy (0), Next.js fills the
 * header with the connection's address only when the request has none, so a client could claim any
 * address: production belongs behind a proxy that sets the header.
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
