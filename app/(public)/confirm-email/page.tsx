import type { Metadata } from "next";
import { LinkConfirmation } from "@/components/account/link-confirmation";
import { isUsableEmailToken } from "@/lib/auth/email-tokens";
import { confirmEmailChangeAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your new email address", referrer: "no-referrer" };

export default async function ConfirmEmailChangePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <LinkConfirmation
      title="Confirm your new email address"
      explanation="Confirm that your Autovest account should use this address from now on."
      token={token}
      usable={await isUsableEmailToken("EMAIL_CHANGE", token)}
      action={confirmEmailChangeAction}
      submitLabel="Use this address"
    />
  );
}
