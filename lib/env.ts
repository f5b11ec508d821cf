import { z } from "zod";
import { DEVELOPMENT_AUDIT_CHAIN_KEYS } from "./audit/canonical";
import { parseKeyRing, weaknessOf } from "./key-ring";
import { DEVELOPMENT_KYC_KEYS } from "./kyc/encryption";

/**
 * The one place that reads configuration. Every variable is documented in .env.example.
 *
 * APP_ENV, not NODE_ENV, says where we run: `next start` always sets NODE_ENV=production, and the e2e
 * tests run the built app with APP_ENV=test. In production, missing secrets stop the app at start.
 */

/** Used only outside production, so `npm run dev` works with no configuration. */
export const DEVELOPMENT_AUTH_SECRET = "autovest-development-only-secret-do-not-use-in-production";
/** Signs and checks the local test-payment mode's Stripe events when no real webhook secret is set. */
export const DEVELOPMENT_WEBHOOK_SECRET = "whsec_autovest_development_only";
const PLACEHOLDER_SECRETS = new Set([DEVELOPMENT_AUTH_SECRET, "change-me-to-32-or-more-random-characters"]);

/** A key ring (lib/key-ring.ts): `id:base64key[,id:base64key…]`, 32-byte keys, newest first. */
const keyRing = z
  .string()
  .refine((value) => {
    try {
      parseKeyRing(value);
      return true;
    } catch {
      return false;
    }
  }, "expected id:base64key[,id:base64key…] with 32-byte keys, newest first")
  .optional();

/** The development keys' bytes: refused in production under whatever id they are given. */
const DEVELOPMENT_KEYS = [DEVELOPMENT_KYC_KEYS, DEVELOPMENT_AUDIT_CHAIN_KEYS].map((ring) => parseKeyRing(ring).current.key);

/**
 * Why a production key ring cannot be used, one line per key: missing, a development key (compared by its
 * bytes, so another id does not hide it), a key that is not random bytes (lib/key-ring.ts), or a key of
 * `otherRing` (each purpose has its own keys).
 */
function productionKeyProblems(source: string | undefined, otherRing?: { name: string; source: string | undefined }): string[] {
  if (!source) return ["a real key is required in production"];
  const generate = "generate one with `openssl rand -base64 32`";
  const others = otherRing?.source ? [...parseKeyRing(otherRing.source).byId.values()] : [];
  return [...parseKeyRing(source).byId].flatMap(([id, key]) => {
    if (DEVELOPMENT_KEYS.some((development) => development.equals(key))) return [`key ${id} is the public development key; a real key is required in production (${generate})`];
    const weakness = weaknessOf(key);
    if (weakness) return [`key ${id} is not 32 random bytes (${weakness}); ${generate}`];
    if (others.some((other) => other.equals(key))) return [`key ${id} is also a ${otherRing!.name} key; use a separate key for each`];
    return [];
  });
}

const schema = z
  .object({
    APP_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /** How long a query waits for a free connection of the pool before it fails. */
    DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /** Keep statements prepared per connection (off behind PgBouncer in transaction mode before 1.21). */
    DATABASE_PREPARED_STATEMENTS: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
    EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    NEXTAUTH_URL: z.url().optional(),
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
    SESSION_MAX_AGE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    /** Sign-in attempts without a delay, per address, per account and address, and per account (unknown devices only). */
    SIGN_IN_FREE_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(50),
    /** Sign-ups from one address before each further one must wait (the same doubling delay). */
    SIGN_UP_FREE_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(10),
    SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT_AND_IP: z.coerce.number().int().min(1).default(5),
    SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
    /** The first delay past the free attempts; each further attempt doubles it, up to the maximum. */
    SIGN_IN_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    SIGN_IN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(900),
    /** A key with no attempt for this long starts afresh. */
    SIGN_IN_FORGET_AFTER_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
    /** Sign in with Google (OpenID Connect): shown on the sign-in page only when both are set. */
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    /** Development and tests only: an OpenID provider that stands in for Google (scripts/oidc/provider.ts). */
    GOOGLE_ISSUER: z.url().optional(),
    /** Sign in with Apple: the Services ID and the client secret (a JWT signed with the team's key). */
    APPLE_CLIENT_ID: z.string().min(1).optional(),
    APPLE_CLIENT_SECRET: z.string().min(1).optional(),
    /** Development and tests only: an OpenID provider that stands in for Apple. */
    APPLE_ISSUER: z.url().optional(),
    /** Where `npm run dev` starts the local test OpenID provider when no Google client is configured. */
    LOCAL_OIDC_PORT: z.coerce.number().int().min(1024).max(65535).default(8290),
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, "expected sk_test_…, sk_live_… or a restricted key").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "expected whsec_…").optional(),
    /** Where the Stripe SDK sends API calls; only for tests that play Stripe's part locally. */
    STRIPE_API_URL: z.url().optional(),
    /** The platform's Stripe Treasury financial account that withdrawals are paid from (required with Stripe keys). */
    STRIPE_FINANCIAL_ACCOUNT: z.string().startsWith("fa_", "expected fa_…").optional(),
    /**
     * Development and tests only: a withdrawal's sales settle this many seconds after they fill, instead of at the
     * next NYSE session's open (T+1), so a demo or a browser test sees a payout (lib/payments/withdrawals/settlement.ts).
     */
    WITHDRAWAL_SETTLEMENT_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
    /**
     * Development and tests only: a recurring deposit's calendar day lasts this many seconds (weekly = 7 of
     * them), so a demo or a browser test sees periods run (lib/payments/recurring/schedule.ts).
     */
    RECURRING_DEPOSIT_DAY_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
    BROKER: z.enum(["simulated", "alpaca"]).default("simulated"),
    ALPACA_API_URL: z.url().default("https://paper-api.alpaca.markets"),
    ALPACA_DATA_URL: z.url().default("https://data.alpaca.markets"),
    /** Comma-separated price sources for the price sync: simulated (development) and/or alpaca. */
    PRICE_SOURCES: z
      .string()
      .default("simulated")
      .transform((value) => value.split(",").map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.enum(["simulated", "alpaca"])).min(1)),
    ALPACA_KEY_ID: z.string().min(1).optional(),
    ALPACA_SECRET_KEY: z.string().min(1).optional(),
    /** The simulated broker's market: open around the clock (development default) or NYSE hours. */
    SIMULATED_MARKET: z.enum(["always-open", "nyse"]).default("always-open"),
    INNGEST_DEV: z.enum(["0", "1"]).optional(),
    INNGEST_BASE_URL: z.url().optional(),
    /** Where `npm run dev` starts its local stand-in for Inngest (scripts/workflows/start.ts); never shared. */
    INNGEST_DEV_PORT: z.coerce.number().int().min(1024).max(65535).default(8288),
    INNGEST_EVENT_KEY: z.string().min(1).optional(),
    INNGEST_SIGNING_KEY: z.string().min(1).optional(),
    /** Keys for identity data at rest, `id:base64-32-bytes`, newest first (lib/kyc/encryption.ts). */
    KYC_ENCRYPTION_KEYS: keyRing,
    /** Keys of the audit chain's HMAC, `id:base64-32-bytes`, newest first (lib/audit/chain.ts). */
    AUDIT_CHAIN_KEYS: keyRing,
    /** Where identity documents are kept: outside the web root, never served as files (lib/kyc/documents.ts). */
    KYC_STORAGE_DIR: z.string().min(1).optional(),
    /** Notification emails go through this SMTP server (smtp:// or smtps://, credentials in the URL). */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** The sender of notification emails, e.g. "Autovest <notifications@example.com>". */
    MAIL_FROM: z.string().min(3).optional(),
    /** Without SMTP_URL outside production, each email is written here as an .eml file (lib/mail). */
    MAIL_DIR: z.string().min(1).default(".data/mail"),
  })
  .superRefine((value, ctx) => {
    if (value.BROKER === "alpaca" && (!value.ALPACA_KEY_ID || !value.ALPACA_SECRET_KEY))
      ctx.addIssue({ code: "custom", path: ["ALPACA_KEY_ID"], message: "BROKER=alpaca needs ALPACA_KEY_ID and ALPACA_SECRET_KEY" });
    for (const provider of ["GOOGLE", "APPLE"] as const) {
      if (!value[`${provider}_CLIENT_ID`] !== !value[`${provider}_CLIENT_SECRET`])
        ctx.addIssue({ code: "custom", path: [`${provider}_CLIENT_ID`], message: `set both ${provider}_CLIENT_ID and ${provider}_CLIENT_SECRET, or neither` });
    }
    if (value.STRIPE_SECRET_KEY && !value.STRIPE_WEBHOOK_SECRET)
      ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "required with STRIPE_SECRET_KEY" });
    if (value.APP_ENV !== "production") return;
    if (!value.DATABASE_URL) ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "required in production" });
    if (!value.AUTH_SECRET || PLACEHOLDER_SECRETS.has(value.AUTH_SECRET))
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "a real secret is required in production" });
    if (!value.NEXTAUTH_URL) ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "required in production" });
    if (!value.KYC_STORAGE_DIR) ctx.addIssue({ code: "custom", path: ["KYC_STORAGE_DIR"], message: "required in production (a persistent, private directory)" });
    for (const message of productionKeyProblems(value.KYC_ENCRYPTION_KEYS)) ctx.addIssue({ code: "custom", path: ["KYC_ENCRYPTION_KEYS"], message });
    for (const message of productionKeyProblems(value.AUDIT_CHAIN_KEYS, { name: "KYC_ENCRYPTION_KEYS", source: value.KYC_ENCRYPTION_KEYS }))
      ctx.addIssue({ code: "custom", path: ["AUDIT_CHAIN_KEYS"], message });
    for (const key of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY"] as const) {
      if (!value[key]) ctx.addIssue({ code: "custom", path: [key], message: "required in production" });
    }
    if (value.BROKER === "simulated") ctx.addIssue({ code: "custom", path: ["BROKER"], message: "the simulated broker is for development and tests" });
    if (value.PRICE_SOURCES.includes("simulated"))
      ctx.addIssue({ code: "custom", path: ["PRICE_SOURCES"], message: "the simulated market is for development and tests" });
    for (const key of ["GOOGLE_ISSUER", "APPLE_ISSUER"] as const) {
      if (value[key]) ctx.addIssue({ code: "custom", path: [key], message: "is for development and tests only (a local provider standing in)" });
    }
    if (value.STRIPE_API_URL) ctx.addIssue({ code: "custom", path: ["STRIPE_API_URL"], message: "is for tests only" });
    if (value.WITHDRAWAL_SETTLEMENT_SECONDS !== undefined)
      ctx.addIssue({ code: "custom", path: ["WITHDRAWAL_SETTLEMENT_SECONDS"], message: "is for development and tests only (settlement is T+1)" });
    if (value.RECURRING_DEPOSIT_DAY_SECONDS)
      ctx.addIssue({ code: "custom", path: ["RECURRING_DEPOSIT_DAY_SECONDS"], message: "is for development and tests only (time-scaled schedules)" });
    if (value.INNGEST_DEV === "1") ctx.addIssue({ code: "custom", path: ["INNGEST_DEV"], message: "must not be 1 in production" });
    if (value.SMTP_URL && !value.MAIL_FROM) ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "required with SMTP_URL in production" });
  })
  .transform((value) => ({
    ...value,
    AUTH_SECRET: value.AUTH_SECRET ?? DEVELOPMENT_AUTH_SECRET,
    KYC_ENCRYPTION_KEYS: value.KYC_ENCRYPTION_KEYS ?? DEVELOPMENT_KYC_KEYS,
    AUDIT_CHAIN_KEYS: value.AUDIT_CHAIN_KEYS ?? DEVELOPMENT_AUDIT_CHAIN_KEYS,
    KYC_STORAGE_DIR: value.KYC_STORAGE_DIR ?? ".data/kyc-documents",
    MAIL_FROM: value.MAIL_FROM ?? "Autovest <notifications@autovest.localhost>",
    STRIPE_WEBHOOK_SECRET: value.STRIPE_WEBHOOK_SECRET ?? (value.APP_ENV === "production" ? undefined : DEVELOPMENT_WEBHOOK_SECRET),
    isProduction: value.APP_ENV === "production",
    /** No Stripe keys outside production: deposits are paid with signed test events instead. */
    testPayments: value.APP_ENV !== "production" && !value.STRIPE_SECRET_KEY,
    appUrl: value.NEXTAUTH_URL ?? `http://localhost:${value.PORT}`,
  }));

export type Env = z.infer<typeof schema>;

export class InvalidConfiguration extends Error {
  override name = "InvalidConfiguration";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings (VAR= in a shell or .env file) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  // `next start` is production unless told otherwise (the e2e tests say APP_ENV=test).
  cleaned.APP_ENV ??= cleaned.NODE_ENV === "production" ? "production" : "development";
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new InvalidConfiguration(`Invalid configuration:\n${problems}\nSee .env.example.`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated configuration of this process (parsed once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Re-reads process.env: for scripts that provision the database themselves, and for tests. */
export function reloadEnv(): Env {
  cached = undefined;
  return env();
}
