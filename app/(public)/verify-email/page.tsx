import type { Metadata } from "next";
import { LinkConfirmation } from "@/components/account/link-confirmation";
import { isUsableEmailToken } from "@/lib/auth/email-tokens";
import { verifyEmailAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your email address", referrer: "no-referrer" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <LinkConfirmation
      title="Confirm your email address"
      explanation="Confirm that this is your email address. Deposits wait for it."
      token={token}
      usable={await isUsableEmailToken("EMAIL_VERIFICATION", token)}
      action={verifyEmailAction}
      submitLabel="Confirm my email address"
    />
  );
}
