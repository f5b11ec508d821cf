import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/account/account-form";
import { Alert } from "@/components/ui/alert";
import { isUsableEmailToken } from "@/lib/auth/email-tokens";
import { resetPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const usable = await isUsableEmailToken("PASSWORD_RESET", token);
  return (
    <main className="narrow">
      <h1>Choose a new password</h1>
      {usable ? (
        <>
          <AccountForm
            action={resetPasswordAction}
            hidden={{ token: token! }}
            fields={[
              { name: "password", label: "New password", type: "password", autoComplete: "new-password", required: true, hint: "At least 12 characters. Avoid common passwords." },
            ]}
            submitLabel="Set my new password"
            pendingLabel="Saving…"
          />
          <p>
            <Link href="/sign-in">Sign in</Link>
          </p>
        </>
      ) : (
        <>
          <Alert>This link has expired or has already been used. Links to reset a password work once, for 30 minutes.</Alert>
          <p>
            <Link href="/forgot-password">Send me a new link</Link>
          </p>
        </>
      )}
    </main>
  );
}
