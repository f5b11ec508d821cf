import { isEmailVerified } from "@/lib/auth/email-verification";
import { currentUser } from "@/lib/auth/guards";
import type { FormState } from "@/lib/http/form-state";
import { AccountForm } from "./account-form";

/** Above every page of an investor who has not confirmed their address yet: deposits wait for it. */
export async function EmailVerificationBanner({ resend }: { resend: (previous: FormState, form: FormData) => Promise<FormState> }) {
  const user = await currentUser();
  if (user?.role !== "INVESTOR" || (await isEmailVerified(user.id))) return null;
  return (
    <aside className="verification-banner" aria-label="Confirm your email address">
      <p>
        Confirm your email address: open the link we sent to <strong>{user.email}</strong>. Deposits wait for it.
      </p>
      <AccountForm action={resend} submitLabel="Send the link again" quiet />
    </aside>
  );
}
