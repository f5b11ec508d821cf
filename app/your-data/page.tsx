import type { Metadata } from "next";
import { CloseAccountForm } from "@/components/privacy/close-account-form";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { requireStepUpIfEnrolled } from "@/lib/auth/step-up";
import { StepUpRequired } from "@/lib/errors";
import { closureBlockers, closureBlockerMessage } from "@/lib/privacy/close-account";
import { closeAccountAction } from "./actions";

export const metadata: Metadata = { title: "Your data" };

/** Whether the download needs the second factor proved again first (for those who have one). */
async function stepUpMessage(user: Parameters<typeof requireStepUpIfEnrolled>[0]): Promise<string | null> {
  try {
    await requireStepUpIfEnrolled(user);
    return null;
  } catch (error) {
    if (error instanceof StepUpRequired) return error.message;
    throw error;
  }
}

export default async function YourDataPage() {
  const user = await requirePageUser("/your-data");
  const investor = user.role === "INVESTOR";
  const [stepUp, blockers] = await Promise.all([stepUpMessage(user), investor ? closureBlockers(user.id) : []]);
  return (
    <main>
      <h1>Your data</h1>
      <p className="lede">Everything Autovest holds about you is yours to take with you{investor ? ", and your account is yours to close" : ""}.</p>

      <section aria-labelledby="export-heading" className="card">
        <h2 id="export-heading">Download your data</h2>
        <p>
          One JSON file, readable by people and programs:{" "}
          {investor
            ? "your profile and sign-ins, risk questionnaires, identity details (in full) and document, accounts, every ledger entry, deposits, orders and trades, holdings and tax lots, dividends and splits, notifications, consultations, your advisor's notes about you, your API tokens (never their secret) and the audit records about you."
            : "your profile, your sign-ins and the audit records about you."}
        </p>
        {stepUp ? (
          <Alert tone="info">{stepUp}</Alert>
        ) : (
          <p>
            <a className="button" href="/api/v1/me/export">
              Download my data (JSON)
            </a>
          </p>
        )}
        <p className="field-hint">Each download is recorded in our audit trail.</p>
      </section>

      {investor && (
        <section aria-labelledby="close-heading" className="card">
          <h2 id="close-heading">Close your account</h2>
          <p>
            When your account holds no money and nothing is under way, you can close it. You are signed out everywhere and can never sign in
            again. We erase your name, email address, identity details and document, risk answers, notifications and API tokens. The law
            requires us to keep the records of your money (ledger entries, deposits, trades) and our audit trail for six years: we keep them
            under a reference number instead of your name. Download your data first if you want a copy.
          </p>
          {blockers.length > 0 ? (
            <Alert tone="info">
              <p>You cannot close your account yet:</p>
              <ul>
                {blockers.map((blocker) => (
                  <li key={blocker}>{closureBlockerMessage(blocker)}</li>
                ))}
              </ul>
            </Alert>
          ) : (
            <CloseAccountForm action={closeAccountAction} email={user.email} />
          )}
        </section>
      )}
    </main>
  );
}
