import type { Metadata } from "next";
import Link from "next/link";
import { LinkTestBankForm, RemoveBankForm, StartBankLinkForm } from "@/components/banks/bank-forms";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { bankLabel, listBankAccounts, TEST_BANK_ACCOUNTS } from "@/lib/payments/bank-accounts";
import { testPaymentsEnabled } from "@/lib/payments/deposits";
import { linkTestBankAction, removeBankAction, startBankLinkAction } from "./actions";

export const metadata: Metadata = { title: "Bank accounts" };

const STATUS_LABELS = { PENDING_VERIFICATION: "Being verified", VERIFIED: "Verified", FAILED: "Could not be verified", REMOVED: "Removed" } as const;

export default async function BankAccountsPage({ searchParams }: { searchParams: Promise<{ linked?: string; cancelled?: string }> }) {
  const user = await requirePageUser("/bank-accounts", ["INVESTOR"]);
  const { linked, cancelled } = await searchParams;
  const accounts = await listBankAccounts(user.id);
  const testMode = testPaymentsEnabled();
  return (
    <main className="narrow">
      <h1>Bank accounts</h1>
      <p className="lede">Link a US bank account to deposit from it on a schedule, and to withdraw to it.</p>
      {linked && <Alert tone="success">Stripe has your bank account. It appears here once Stripe confirms it.</Alert>}
      {cancelled && <Alert tone="info">Linking was cancelled. Nothing changed.</Alert>}
      {testMode && (
        <Alert tone="info">Test mode: no Stripe keys are configured, so only Stripe&apos;s test bank accounts can be linked. No real money moves.</Alert>
      )}
      <section aria-labelledby="linked-banks" className="stack">
        <h2 id="linked-banks">Your linked accounts</h2>
        {accounts.length === 0 ? (
          <p>No bank account linked yet.</p>
        ) : (
          <ul className="stack" aria-label="Linked bank accounts">
            {accounts.map((account) => (
              <li key={account.id} className="card" data-bank-id={account.id}>
                <strong>{bankLabel(account)}</strong> <span className="muted">({account.accountType})</span>{" "}
                <span className={`status status-${account.status === "VERIFIED" ? "succeeded" : account.status === "FAILED" ? "failed" : "pending"}`}>
                  {STATUS_LABELS[account.status]}
                </span>
                <RemoveBankForm action={removeBankAction} bankAccountId={account.id} label={bankLabel(account)} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {testMode ? (
        <LinkTestBankForm
          action={linkTestBankAction}
          accounts={Object.entries(TEST_BANK_ACCOUNTS).map(([number, account]) => ({ number, label: account.label }))}
        />
      ) : (
        <StartBankLinkForm action={startBankLinkAction} />
      )}
      <p>
        <Link href="/recurring-deposits">Recurring deposits</Link> · <Link href="/deposit">Deposit money</Link>
      </p>
    </main>
  );
}
