import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { oidcRefusalMessage } from "@/components/auth/oidc-messages";
import { ProviderSignIn } from "@/components/auth/provider-sign-in";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { currentUser, pendingSecondFactorUser } from "@/lib/auth/guards";
import { configuredOidcProviders, isOidcProvider, oidcProviderName } from "@/lib/auth/oidc/providers";
import { nextAuthCsrfToken } from "@/lib/auth/next-auth-csrf";
import { safeReturnPath } from "@/lib/auth/return-path";
import { homePathFor } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Sign in" };

interface SearchParams {
  callbackUrl?: string;
  /** Set by our provider callback when an identity signed nobody in (lib/auth/oidc/sign-in.ts). */
  oidc_error?: string;
  provider?: string;
  /** Set by next-auth when a provider's answer failed its checks (state, nonce, ID token). */
  error?: string;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await currentUser();
  if (user) redirect(homePathFor(user.role));
  const { callbackUrl, oidc_error: refusal, provider, error } = await searchParams;
  // A session that waits for its second factor (after the password, or a provider) goes on to that step.
  const returnTo = safeReturnPath(callbackUrl);
  if (await pendingSecondFactorUser()) redirect(`/sign-in/second-factor${returnTo ? `?callbackUrl=${encodeURIComponent(returnTo)}` : ""}`);
  const providerName = isOidcProvider(provider) ? oidcProviderName(provider) : "the provider";
  const providerProblem = refusal
    ? oidcRefusalMessage(refusal, providerName)
    : error && error !== "CredentialsSignin"
      ? oidcRefusalMessage(undefined, providerName)
      : null;
  return (
    <main className="narrow">
      <h1>Sign in</h1>
      {providerProblem && <Alert>{providerProblem}</Alert>}
      <SignInForm callbackUrl={returnTo ?? undefined} />
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      {/* After a provider, the sign-in page sends the new session home (or to its second factor). */}
      <ProviderSignIn providers={configuredOidcProviders()} callbackUrl="/sign-in" csrfToken={await nextAuthCsrfToken()} />
      <p>
        New to Autovest? <Link href="/sign-up">Open an account</Link>
      </p>
    </main>
  );
}
