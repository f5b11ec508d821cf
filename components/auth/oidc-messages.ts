import type { OidcRefusal } from "@/lib/auth/oidc/sign-in";

/** What the sign-in and Settings pages say when a provider's identity signed nobody in. */
export function oidcRefusalMessage(reason: string | undefined, providerName: string): string {
  const messages: Record<OidcRefusal, string> = {
    email_taken: `An Autovest account already uses this email. Sign in with your password, then link ${providerName} from Settings, under "Sign-in methods".`,
    email_unverified: `${providerName} has not verified this email address, so we cannot open an account with it. Verify it with ${providerName}, or open an account with a password.`,
    no_email: `${providerName} did not share an email address, so we cannot open an account with it.`,
    staff: "Advisors and admins sign in with their password and second factor.",
    linked_elsewhere: `This ${providerName} account already signs in to another Autovest account. Unlink it there first.`,
  };
  return (messages as Record<string, string>)[reason ?? ""] ?? `Signing in with ${providerName} did not complete. Please try again.`;
}
