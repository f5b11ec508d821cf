import type { NextRequest } from "next/server";
import { findForbiddenCharacter } from "../validation";

/**
 * The checks proxy.ts makes on every request before the app sees it. Each is a rule a route could forget;
 * here it cannot be forgotten.
 */

/**
 * The first forbidden character (lib/validation.ts) in the URL's path or query, percent-decoded: a `%00` in a
 * path segment or a search parameter would otherwise reach the database as a 500.
 */
export function forbiddenCharacterInUrl(url: URL): string | null {
  const raw = `${url.pathname}${url.search}`;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    // Not valid UTF-8 once decoded: look at each escape on its own.
    decoded = raw.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return findForbiddenCharacter(raw) ?? findForbiddenCharacter(decoded);
}

/** next-auth's session cookie (`__Secure-` over HTTPS; `.N` when the JWT is split across cookies). */
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/**
 * Route handlers under these paths authenticate by signature or token, never by our session cookie, or, for
 * next-auth's own, by its CSRF token: the Origin rule does not apply to them.
 */
const OWN_AUTHENTICATION = [/^\/api\/webhooks\//, /^\/api\/inngest(\/|$)/, /^\/api\/auth\//];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request is a write to a route handler (/api/*) that a browser authenticated with our session
 * cookie but that does not come from our own pages: its Origin is missing or not `appOrigin`. Browsers send
 * Origin with every POST, PUT, PATCH and DELETE, so our own pages always pass; another site's form or
 * fetch riding on the cookie does not (SameSite=Lax does not stop a same-site subdomain, nor older browsers).
 * Server actions are not under /api: Next.js checks their Origin itself.
 */
export function isCrossOriginCookieWrite(request: NextRequest, appOrigin: string): boolean {
  const { pathname } = request.nextUrl;
  if (SAFE_METHODS.has(request.method) || !pathname.startsWith("/api/")) return false;
  if (OWN_AUTHENTICATION.some((pattern) => pattern.test(pathname))) return false;
  if (!request.cookies.getAll().some((cookie) => SESSION_COOKIE.test(cookie.name))) return false;
  return request.headers.get("origin") !== appOrigin;
}

/**
 * Server actions may carry identity documents, so Next.js takes bodies up to 11 MB for every action
 * (next.config.ts). Only a signed-in person has a reason to send more than this; proxy.ts refuses larger
 * (or unannounced, chunked) action bodies from anyone without a session.
 */
export const ANONYMOUS_ACTION_MAX_BYTES = 64 * 1024;

/** Whether the request is a server action whose body is larger than an anonymous caller may send. */
export function isLargeServerAction(request: NextRequest): boolean {
  if (request.method !== "POST" || !request.headers.has("next-action")) return false;
  const length = request.headers.get("content-length");
  if (length === null) return request.body !== null;
  const bytes = Number(length);
  return !Number.isFinite(bytes) || bytes > ANONYMOUS_ACTION_MAX_BYTES;
}
