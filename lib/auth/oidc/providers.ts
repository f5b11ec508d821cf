import AppleProvider from "next-auth/providers/apple";
import GoogleProvider from "next-auth/providers/google";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env } from "../../env";

/** The OpenID providers we know, by next-auth's id. */
export const OIDC_PROVIDERS = ["google", "apple"] as const;
export type OidcProviderId = (typeof OIDC_PROVIDERS)[number];

export function isOidcProvider(value: unknown): value is OidcProviderId {
  return typeof value === "string" && (OIDC_PROVIDERS as readonly string[]).includes(value);
}

/** What the sign-in and Security pages show for a configured provider. */
export interface OidcProviderInfo {
  id: OidcProviderId;
  /** "Google", or, for a local provider standing in, a label that says so. */
  name: string;
  /** Set when a local test provider stands in for the real one (development and tests only). */
  standIn: boolean;
}

const NAMES: Record<OidcProviderId, string> = { google: "Google", apple: "Apple" };

interface ProviderConfig {
  clientId?: string;
  clientSecret?: string;
  issuer?: string;
}

function configOf(id: OidcProviderId): ProviderConfig {
  const config = env();
  return id === "google"
    ? { clientId: config.GOOGLE_CLIENT_ID, clientSecret: config.GOOGLE_CLIENT_SECRET, issuer: config.GOOGLE_ISSUER }
    : { clientId: config.APPLE_CLIENT_ID, clientSecret: config.APPLE_CLIENT_SECRET, issuer: config.APPLE_ISSUER };
}

/** The providers configured in this deployment (both client id and secret set), in display order. */
export function configuredOidcProviders(): OidcProviderInfo[] {
  return OIDC_PROVIDERS.flatMap((id) => {
    const { clientId, clientSecret, issuer } = configOf(id);
    if (!clientId || !clientSecret) return [];
    return [{ id, name: issuer ? `local test provider (stands in for ${NAMES[id]})` : NAMES[id], standIn: Boolean(issuer) }];
  });
}

export function oidcProviderName(id: OidcProviderId): string {
  return configuredOidcProviders().find((provider) => provider.id === id)?.name ?? NAMES[id];
}

/**
 * next-auth providers for the configured OpenID providers. Each checks state, PKCE and the ID token's nonce, and
 * openid-client checks the ID token's signature, issuer, audience and expiry. An issuer override (development
 * and tests only, refused in production by lib/env.ts) points the same provider at a local OpenID server.
 */
export function oidcProviders(): OAuthConfig<Record<string, unknown>>[] {
  return configuredOidcProviders().map(({ id }) => {
    const { clientId, clientSecret, issuer } = configOf(id);
    const overrides = issuer ? { issuer, wellKnown: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration` } : {};
    const options = { clientId: clientId!, clientSecret: clientSecret!, ...overrides };
    if (id === "google") {
      return GoogleProvider({ ...options, checks: ["pkce", "state", "nonce"] }) as OAuthConfig<Record<string, unknown>>;
    }
    // Apple answers with a cross-site form POST (response_mode=form_post): only PKCE and nonce survive it, so the
    // checks' cookies must be SameSite=None (lib/auth/next-auth-options.ts).
    return AppleProvider({ ...options, checks: ["pkce", "nonce"] }) as OAuthConfig<Record<string, unknown>>;
  });
}
