import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_AUDIT_CHAIN_KEYS } from "./audit/canonical";
import { DEVELOPMENT_AUTH_SECRET, InvalidConfiguration, parseEnv } from "./env";
import { DEVELOPMENT_KYC_KEYS } from "./kyc/encryption";

/** 32 bytes that look random (a hash), fixed so the tests read the same every run. */
const randomLooking = (seed: string) => createHash("sha256").update(seed).digest("base64");

describe("parseEnv", () => {
  it("runs development with no configuration at all", () => {
    const env = parseEnv({});
    expect(env.APP_ENV).toBe("development");
    expect(env.isProduction).toBe(false);
    expect(env.AUTH_SECRET).toBe(DEVELOPMENT_AUTH_SECRET);
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("refuses production without a database, a real secret and a public URL", () => {
    expect(() => parseEnv({ APP_ENV: "production" })).toThrow(InvalidConfiguration);
    expect(() => parseEnv({ APP_ENV: "production" })).toThrow(/DATABASE_URL: required in production/);
    expect(() =>
      parseEnv({
        APP_ENV: "production",
        DATABASE_URL: "postgresql://u:p@db:5432/autovest",
        NEXTAUTH_URL: "https://app.autovest.example",
        AUTH_SECRET: DEVELOPMENT_AUTH_SECRET,
      }),
    ).toThrow(/AUTH_SECRET: a real secret is required in production/);
  });

  const production = {
    APP_ENV: "production",
    DATABASE_URL: "postgresql://u:p@db:5432/autovest",
    NEXTAUTH_URL: "https://app.autovest.example",
    AUTH_SECRET: "k".repeat(48),
    STRIPE_SECRET_KEY: "sk_live_abc",
    STRIPE_WEBHOOK_SECRET: "whsec_abc",
    INNGEST_EVENT_KEY: "event-key",
    INNGEST_SIGNING_KEY: "signkey-prod-abc",
    BROKER: "alpaca",
    ALPACA_API_URL: "https://api.alpaca.markets",
    ALPACA_KEY_ID: "AK123",
    ALPACA_SECRET_KEY: "secret",
    PRICE_SOURCES: "alpaca",
    KYC_ENCRYPTION_KEYS: `2026:${randomLooking("kyc 2026")}`,
    AUDIT_CHAIN_KEYS: `2026:${randomLooking("audit 2026")}`,
    KYC_STORAGE_DIR: "/var/lib/autovest/kyc",
  };

  it("accepts a complete production configuration, where test payments are off", () => {
    const env = parseEnv(production);
    expect(env.isProduction).toBe(true);
    expect(env.testPayments).toBe(false);
  });

  it("refuses production without Stripe and Inngest keys, or with test-only settings", () => {
    expect(() => parseEnv({ ...production, STRIPE_SECRET_KEY: undefined })).toThrow(/STRIPE_SECRET_KEY: required in production/);
    expect(() => parseEnv({ ...production, INNGEST_SIGNING_KEY: undefined })).toThrow(/INNGEST_SIGNING_KEY: required in production/);
    expect(() => parseEnv({ ...production, STRIPE_API_URL: "http://127.0.0.1:9999" })).toThrow(/STRIPE_API_URL: is for tests only/);
    expect(() => parseEnv({ ...production, INNGEST_DEV: "1" })).toThrow(/INNGEST_DEV/);
    expect(() => parseEnv({ ...production, BROKER: "simulated" })).toThrow(/the simulated broker is for development and tests/);
    expect(() => parseEnv({ ...production, ALPACA_SECRET_KEY: undefined })).toThrow(/BROKER=alpaca needs/);
  });

  it("keeps identity data under a real key in production, and a development key elsewhere", () => {
    expect(parseEnv({}).KYC_ENCRYPTION_KEYS).toBe(DEVELOPMENT_KYC_KEYS);
    expect(() => parseEnv({ KYC_ENCRYPTION_KEYS: "k1:short" })).toThrow(/KYC_ENCRYPTION_KEYS: expected id:base64key/);
    expect(() => parseEnv({ ...production, KYC_ENCRYPTION_KEYS: undefined })).toThrow(/KYC_ENCRYPTION_KEYS: a real key is required in production/);
    expect(() => parseEnv({ ...production, KYC_ENCRYPTION_KEYS: DEVELOPMENT_KYC_KEYS })).toThrow(/a real key is required in production/);
    expect(parseEnv({}).KYC_STORAGE_DIR).toBe(".data/kyc-documents");
    expect(() => parseEnv({ ...production, KYC_STORAGE_DIR: undefined })).toThrow(/KYC_STORAGE_DIR: required in production/);
  });

  /** The development key's bytes under another id, as production accepted them before. */
  const developmentKeyAs = (id: string, ring = DEVELOPMENT_KYC_KEYS) => `${id}:${ring.slice(ring.indexOf(":") + 1)}`;

  it("refuses the public development key in production under any id, in any place of the ring", () => {
    const refused = /KYC_ENCRYPTION_KEYS: key prod-2026 is the public development key; a real key is required in production/;
    expect(() => parseEnv({ ...production, KYC_ENCRYPTION_KEYS: developmentKeyAs("prod-2026") })).toThrow(refused);
    expect(() => parseEnv({ ...production, KYC_ENCRYPTION_KEYS: `2027:${randomLooking("kyc 2027")},${developmentKeyAs("prod-2026")}` })).toThrow(refused);
    // The audit chain's development key is as public: refused for identity data too, and the other way round.
    expect(() => parseEnv({ ...production, KYC_ENCRYPTION_KEYS: developmentKeyAs("k", DEVELOPMENT_AUDIT_CHAIN_KEYS) })).toThrow(/key k is the public development key/);
    expect(() => parseEnv({ ...production, AUDIT_CHAIN_KEYS: developmentKeyAs("k") })).toThrow(/AUDIT_CHAIN_KEYS: key k is the public development key/);
    // Outside production the development key is what runs with no configuration.
    expect(parseEnv({ KYC_ENCRYPTION_KEYS: developmentKeyAs("other") }).KYC_ENCRYPTION_KEYS).toBe(developmentKeyAs("other"));
  });

  it("refuses a key in production that is not 32 random bytes: few byte values, a short repeated pattern, printable text", () => {
    const weak = (bytes: Buffer) => `weak:${bytes.toString("base64")}`;
    const cases: [Buffer, RegExp][] = [
      [Buffer.alloc(32, 7), /fewer than 16 different byte values/],
      [Buffer.from(Array.from({ length: 32 }, (_, i) => i % 15)), /fewer than 16 different byte values/],
      [Buffer.from(Array.from({ length: 32 }, (_, i) => (i % 16) * 13)), /repeats a short pattern/],
      [Buffer.from("correct horse battery staple 123"), /printable text, not random bytes/],
      [Buffer.from(randomLooking("hex").slice(0, 32)), /printable text, not random bytes/],
    ];
    for (const [bytes, why] of cases) {
      expect(bytes).toHaveLength(32);
      expect(() => parseEnv({ ...production, KYC_ENCRYPTION_KEYS: weak(bytes) })).toThrow(/KYC_ENCRYPTION_KEYS: key weak is not 32 random bytes/);
      expect(() => parseEnv({ ...production, KYC_ENCRYPTION_KEYS: weak(bytes) })).toThrow(why);
      expect(() => parseEnv({ ...production, AUDIT_CHAIN_KEYS: weak(bytes) })).toThrow(/AUDIT_CHAIN_KEYS: key weak is not 32 random bytes/);
    }
    // 32 random bytes pass, however many times (a false refusal would stop a real deployment).
    for (let i = 0; i < 200; i++) expect(parseEnv({ ...production, KYC_ENCRYPTION_KEYS: `k:${randomLooking(`key ${i}`)}` }).isProduction).toBe(true);
  });

  it("keys the audit chain with a real key of its own in production, and a development key elsewhere", () => {
    expect(parseEnv({}).AUDIT_CHAIN_KEYS).toBe(DEVELOPMENT_AUDIT_CHAIN_KEYS);
    expect(() => parseEnv({ AUDIT_CHAIN_KEYS: "k1:short" })).toThrow(/AUDIT_CHAIN_KEYS: expected id:base64key/);
    expect(() => parseEnv({ ...production, AUDIT_CHAIN_KEYS: undefined })).toThrow(/AUDIT_CHAIN_KEYS: a real key is required in production/);
    expect(() => parseEnv({ ...production, AUDIT_CHAIN_KEYS: DEVELOPMENT_AUDIT_CHAIN_KEYS })).toThrow(/AUDIT_CHAIN_KEYS: key dev is the public development key/);
    expect(() => parseEnv({ ...production, AUDIT_CHAIN_KEYS: `a:${randomLooking("kyc 2026")}` })).toThrow(/AUDIT_CHAIN_KEYS: key a is also a KYC_ENCRYPTION_KEYS key/);
    expect(parseEnv({ ...production, AUDIT_CHAIN_KEYS: `2027:${randomLooking("audit 2027")},2026:${randomLooking("audit 2026")}` }).AUDIT_CHAIN_KEYS).toMatch(/^2027:/);
  });

  it("takes a sign-in provider's client id and secret together, and a stand-in issuer only outside production", () => {
    expect(() => parseEnv({ GOOGLE_CLIENT_ID: "client" })).toThrow(/set both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or neither/);
    expect(() => parseEnv({ APPLE_CLIENT_SECRET: "secret" })).toThrow(/set both APPLE_CLIENT_ID and APPLE_CLIENT_SECRET/);
    const google = { GOOGLE_CLIENT_ID: "client", GOOGLE_CLIENT_SECRET: "secret" };
    expect(parseEnv({ ...google, GOOGLE_ISSUER: "http://localhost:8290" }).GOOGLE_ISSUER).toBe("http://localhost:8290");
    expect(parseEnv({ ...production, ...google }).GOOGLE_CLIENT_ID).toBe("client");
    expect(() => parseEnv({ ...production, ...google, GOOGLE_ISSUER: "http://localhost:8290" })).toThrow(/GOOGLE_ISSUER: is for development and tests only/);
  });

  it("pays deposits in test mode without Stripe keys, and through Stripe with them", () => {
    expect(parseEnv({}).testPayments).toBe(true);
    expect(parseEnv({ STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_abc" }).testPayments).toBe(false);
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_test_abc" })).toThrow(/STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY/);
  });

  it("explains malformed values and treats empty ones as unset", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/at least 32 characters/);
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});

describe("APP_ENV", () => {
  it("defaults to production under `next start` (NODE_ENV=production) and is refused there without secrets", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/DATABASE_URL: required in production/);
    expect(parseEnv({ NODE_ENV: "production", APP_ENV: "test" }).isProduction).toBe(false);
    expect(parseEnv({ NODE_ENV: "development" }).APP_ENV).toBe("development");
  });

});
