import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { forbiddenCharacterInUrl, isCrossOriginCookieWrite, isLargeServerAction } from "@/lib/http/proxy-rules";
import { jsonError } from "@/lib/http/respond";
import { contentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "@/lib/http/security-headers";

/**
 * Runs before every request but static files (Next.js 16's proxy, Node.js runtime). In order:
 * 1. a URL whose path or query holds a control character (percent-decoded) is a 400 `invalid_characters`;
 * 2. a cookie-authenticated write to /api/* from another origin is a 403 `cross_origin`
 *    (lib/http/proxy-rules.ts says which routes are exempt and why);
 * 3. a server action body over 64 KB without a valid session is a 413 `body_too_large`;
 * 4. pages get a Content-Security-Policy with a fresh nonce (Next.js puts it on its own scripts; the root
 *    layout renders every page per request so that it can) and, in production, HSTS.
 */
export async function proxy(request: NextRequest) {
  const config = env();
  const character = forbiddenCharacterInUrl(request.nextUrl);
  if (character) return jsonError(400, "invalid_characters", `The address contains a control character (${character}).`);

  // The origin people use: the configured public URL, or in development without one, the request's own.
  const appOrigin = config.NEXTAUTH_URL ? new URL(config.NEXTAUTH_URL).origin : request.nextUrl.origin;
  if (isCrossOriginCookieWrite(request, appOrigin)) {
    return jsonError(403, "cross_origin", "This request did not come from Autovest's own pages; it was refused.");
  }

  if (isLargeServerAction(request) && !(await hasSession(request))) {
    return jsonError(413, "body_too_large", "The request body is too large. Sign in to send a file.");
  }

  const isPage = !request.nextUrl.pathname.startsWith("/api/");
  // Next.js inlines NODE_ENV at build time: `next dev` is development, every built app (production, the
  // browser tests, the benchmarks) is not, and gets the nonce-based policy production runs.
  const policy = isPage ? contentSecurityPolicy({ nonce: newNonce(), development: process.env.NODE_ENV === "development" }) : null;
  const requestHeaders = new Headers(request.headers);
  if (policy) requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (policy) response.headers.set("content-security-policy", policy);
  if (config.isProduction) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  return response;
}

/** 128 random bits, base64: unguessable and new for every page. */
function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** Whether the request carries a next-auth session token that we signed and that has not expired. */
async function hasSession(request: NextRequest): Promise<boolean> {
  const config = env();
  const token = await getToken({ req: request, secret: config.AUTH_SECRET, secureCookie: config.appUrl.startsWith("https://") });
  return token !== null;
}

export const config = {
  matcher: ["/((?!_next/static/|_next/image|favicon\\.ico$|icon\\.svg$|fonts/|icons/|logo\\.svg$|manifest\\.webmanifest$).*)"],
};
