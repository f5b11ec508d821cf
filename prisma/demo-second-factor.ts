/**
 * The demo staff's authenticator-app secret, published on purpose (README, "Demo logins") so that development
 * and the browser tests can reach /admin: `npm run demo:code -- admin@autovest.dev` prints the current code.
 * Seeded only outside production, like the demo users themselves.
 */
export const DEMO_STAFF_TOTP_SECRET = "AUTOVESTDEMOSTAFFTOTPSECRETDEV22";
