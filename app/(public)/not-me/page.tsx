import type { Metadata } from "next";
import { LinkConfirmation } from "@/components/account/link-confirmation";
import { isUsableEmailToken } from "@/lib/auth/email-tokens";
import { reportEmailChangeAction } from "./actions";

export const metadata: Metadata = { title: "It wasn't me", referrer: "no-referrer" };

export default async function ReportEmailChangePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <LinkConfirmation
      title="It wasn't me"
      explanation="Someone asked to change your account's email address. If it was not you, we cancel the change and sign every session of your account out."
      token={token}
      usable={await isUsableEmailToken("EMAIL_CHANGE_REPORT", token)}
      action={reportEmailChangeAction}
      submitLabel="It wasn't me: cancel the change"
    />
  );
}
