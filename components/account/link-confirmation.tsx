import Link from "next/link";
import type { FormState } from "@/lib/http/form-state";
import { AccountForm } from "./account-form";

/**
 * The page a link from one of our emails opens: a button that does what the link is for (a link alone changes
 * nothing, so a mail scanner that follows it does no harm), or why the link no longer works.
 */
export function LinkConfirmation({
  title,
  explanation,
  token,
  usable,
  action,
  submitLabel,
}: {
  title: string;
  explanation: string;
  token: string | undefined;
  usable: boolean;
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  submitLabel: string;
}) {
  return (
    <main className="narrow">
      <h1>{title}</h1>
      {usable && <p className="lede">{explanation}</p>}
      <AccountForm
        action={action}
        hidden={{ token: token ?? "" }}
        submitLabel={submitLabel}
        unavailable={usable ? undefined : "This link has expired or has already been used."}
      />
      <p>
        <Link href="/">Autovest home</Link>
      </p>
    </main>
  );
}
