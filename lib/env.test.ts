import { describe, expect, it } from "vitest";
import { DEVELOPMENT_AUTH_SECRET, InvalidConfiguration, parseEnv } from "./env";

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

  it("accepts a complete production configuration", () => {
    const env = parseEnv({
      APP_ENV: "production",
      DATABASE_URL: "postgresql://u:p@db:5432/autovest",
      NEXTAUTH_URL: "https://app.autovest.example",
      AUTH_SECRET: "k".repeat(48),
    });
    expect(env.isProduction).toBe(true);
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
