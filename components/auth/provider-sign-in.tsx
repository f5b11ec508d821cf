"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import type { OidcProviderInfo } from "@/lib/auth/oidc/providers";

/**
 * "Continue with Google" and the like, for the providers this deployment configures. next-auth's client starts the
 * flow (a POST with its CSRF token, then a navigation to the provider), which the site's CSP allows; before the
 * page's script has loaded, each button's form posts the same request itself.
 */
export function ProviderSignIn({ providers, callbackUrl, csrfToken }: { providers: OidcProviderInfo[]; callbackUrl: string; csrfToken: string }) {
  const [pending, setPending] = useState<string | null>(null);
  if (providers.length === 0) return null;
  return (
    <div className="stack provider-sign-in">
      <p className="divider">or</p>
      {providers.map((provider) => (
        <form key={provider.id} method="post" action={`/api/auth/signin/${provider.id}`}>
          <input type="hidden" name="csrfToken" value={csrfToken} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button
            type="submit"
            className={`button button-provider${provider.standIn ? " button-stand-in" : ""}`}
            disabled={pending !== null}
            onClick={(event) => {
              event.preventDefault();
              setPending(provider.id);
              void signIn(provider.id, { callbackUrl });
            }}
          >
            {pending === provider.id ? "Opening…" : `Continue with ${provider.name}`}
          </button>
        </form>
      ))}
    </div>
  );
}
