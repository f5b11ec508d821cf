import { createHash } from "node:crypto";
import { reloadEnv } from "../../lib/env";

/** 32 bytes that pass production's randomness check, the same every run. */
const keyOf = (seed: string) => createHash("sha256").update(seed).digest("base64");

/** A complete production configuration (APP_ENV=production) that lib/env.ts accepts, around the test's database. */
export const PRODUCTION_ENV: Record<string, string> = {
  APP_ENV: "production",
  NEXTAUTH_URL: "https://app.autovest.example",
  AUTH_SECRET: "k".repeat(48),
  STRIPE_SECRET_KEY: "sk_live_abc",
  STRIPE_WEBHOOK_SECRET: "whsec_abc",
  INNGEST_EVENT_KEY: "event-key",
  INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  BROKER: "alpaca",
  ALPACA_KEY_ID: "AK123",
  ALPACA_SECRET_KEY: "secret",
  PRICE_SOURCES: "alpaca",
  KYC_ENCRYPTION_KEYS: `2026:${keyOf("test kyc key 2026")}`,
  AUDIT_CHAIN_KEYS: `2026:${keyOf("test audit key 2026")}`,
  KYC_STORAGE_DIR: "/var/lib/autovest/kyc",
};

/**
 * Runs this process as production (plus `overrides`; undefined unsets a variable) until the returned function
 * puts every variable it touched back.
 */
export function useProductionEnv(overrides: Record<string, string | undefined> = {}): () => void {
  const values = { ...PRODUCTION_ENV, ...overrides };
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (source: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    reloadEnv();
  };
  apply(values);
  return () => apply(saved);
}
