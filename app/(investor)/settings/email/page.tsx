import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/account/account-form";
import { requirePageUser } from "@/lib/auth/guards";
import { changeEmailAction } from "../account-actions";

export const metadata: Metadata = { title: "Change your email address" };

export default async function ChangeEmailPage() {
  const user = await requirePageUser("/settings/email");
  return (
    <main className="narrow">
      <h1>Change your email address</h1>
      <p className="lede">
        You sign in as <strong>{user.email}</strong>. We send a link to the new address; it changes only once you open that link, and
        we tell your current address.
      </p>
      <AccountForm
        action={changeEmailAction}
        fields={[
          { name: "newEmail", label: "New email address", type: "email", autoComplete: "email", required: true },
          { name: "currentPassword", label: "Current password", type: "password", autoComplete: "current-password", required: true },
        ]}
        submitLabel="Send the confirmation link"
        pendingLabel="Sending…"
      />
      <p>
        <Link href="/settings">Back to settings</Link>
      </p>
    </main>
  );
}
