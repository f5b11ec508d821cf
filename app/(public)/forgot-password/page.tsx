import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/account/account-form";
import { requestPasswordResetAction } from "./actions";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <main className="narrow">
      <h1>Forgot your password?</h1>
      <p className="lede">Enter the email address of your account. We will send it a link to choose a new password.</p>
      <AccountForm
        action={requestPasswordResetAction}
        fields={[{ name: "email", label: "Email", type: "email", autoComplete: "email", required: true }]}
        submitLabel="Send me a link"
        pendingLabel="Sending…"
      />
      <p>
        Remembered it? <Link href="/sign-in">Sign in</Link>
      </p>
    </main>
  );
}
