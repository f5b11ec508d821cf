/**
 * The security headers, in one place: next.config.ts sends the static ones with every response, proxy.ts
 * the per-request Content-Security-Policy of pages and, in production, HSTS. No configuration is read here
 * (next.config.ts imports this at build time).
 */

/** Sent with every response (next.config.ts). */
export const STATIC_SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * Two years, every subdomain, eligible for browsers' preload lists. Sent only when APP_ENV=production
 * (proxy.ts): a development or test host must never be pinned to HTTPS.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains; preload";

/**
 * Paths that set their own, stricter Content-Security-Policy, which the site's must not replace: an identity
 * document is shown sandboxed (app/api/v1/kyc/[userId]/document/route.ts). Next.js lets a header from
 * next.config.ts win over a route's own, so the global CSP's source excludes these (a negative lookahead).
 */
export const GLOBAL_CSP_SOURCE = "/((?!api/v1/kyc/[^/]+/document$).*)";

/**
 * The Content-Security-Policy.
 * - With a `nonce` (pages of the built app, set per request by proxy.ts): scripts run only with the nonce
 *   Next.js puts on its own scripts, and what they load ('strict-dynamic'); no inline script otherwise.
 * - Without one (responses that are not pages: API answers, static files): no inline script at all.
 * - `development` (`next dev`) keeps what React's dev tooling needs: inline and eval'd scripts, websockets.
 * Styles stay 'unsafe-inline': React and our components set style attributes, which nonces cannot cover.
 */
export function contentSecurityPolicy({ nonce, development = false }: { nonce?: string; development?: boolean }): string {
  const scripts = development
    ? "script-src 'self' 'unsafe-inline' 'unsafe-eval'"
    : nonce
      ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`
      : "script-src 'self'";
  return [
    "default-src 'self'",
    scripts,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
