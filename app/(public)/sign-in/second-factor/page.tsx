import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInCodeForm, SignInPasskeyButton } from "@/components/auth/second-factor-forms";
import { SignOutForm } from "@/components/auth/sign-out-form";
import { currentUser, pendingSecondFactorUser } from "@/lib/auth/guards";
import { safeReturnPath } from "@/lib/auth/return-path";
import { homePathFor } from "@/lib/auth/roles";
import { secondFactorKinds } from "@/lib/auth/second-factor/factors";

export const metadata: Metadata = { title: "Second factor" };

/**
 * The second step of signing in, for a session that passed the password and waits for its second factor. Anyone
 * else is sent on: a signed-in user to where they were going, a signed-out visitor to the password step.
 */
export default async function SecondFactorPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeReturnPath((await searchParams).callbackUrl) ?? undefined;
  const user = await pendingSecondFactorUser();
  if (!user) {
    const signedIn = await currentUser();
    if (signedIn) redirect(callbackUrl ?? homePathFor(signedIn.role));
    redirect(callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in");
  }
  const kinds = await secondFactorKinds(user.id);
  return (
    <main className="narrow">
      <h1>Confirm it is you</h1>
      <p className="lede">Your password was right. Now prove it is you with your second factor.</p>
      <div className="second-factor-ways">
        {kinds.includes("PASSKEY") && (
          <section aria-labelledby="passkey-heading" className="card">
            <h2 id="passkey-heading">Passkey</h2>
            <SignInPasskeyButton callbackUrl={callbackUrl} />
          </section>
        )}
        {kinds.includes("TOTP") && (
          <section aria-labelledby="totp-heading" className="card">
            <h2 id="totp-heading">Authenticator app</h2>
            <SignInCodeForm method="totp" callbackUrl={callbackUrl} />
          </section>
        )}
        <details className="card">
          <summary>Use a recovery code</summary>
          <p>Lost your phone or passkey? Each of your ten recovery codes works once.</p>
          <SignInCodeForm method="recovery" callbackUrl={callbackUrl} />
        </details>
      </div>
      <div className="inline-form">
        <span>Not you, or want to start again?</span> <SignOutForm /> <Link href="/">Home</Link>
      </div>
    </main>
  );
}
