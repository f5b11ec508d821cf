import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/account/account-form";
import { requirePageUser } from "@/lib/auth/guards";
import { changePasswordAction } from "../account-actions";

export const metadata: Metadata = { title: "Change your password" };

export default async function ChangePasswordPage() {
  await requirePageUser("/settings/password");
  return (
    <main className="narrow">
      <h1>Change your password</h1>
      <p className="lede">Your current password and your second factor, then the new password. Every other session is signed out.</p>
      <AccountForm
        action={changePasswordAction}
        fields={[
          { name: "currentPassword", label: "Current password", type: "password", autoComplete: "current-password", required: true },
          { name: "newPassword", label: "New password", type: "password", autoComplete: "new-password", required: true, hint: "At least 12 characters. Avoid common passwords." },
        ]}
        submitLabel="Change my password"
        pendingLabel="Changing…"
      />
      <p>
        <Link href="/settings">Back to settings</Link>
      </p>
    </main>
  );
}
