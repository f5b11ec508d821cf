import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { ConfirmWithdrawal } from "@/components/withdrawals/confirm-withdrawal";
import { WithdrawalList } from "@/components/withdrawals/withdrawal-list";
import { WithdrawalPreviewTable } from "@/components/withdrawals/withdrawal-preview";
import { requirePageUser } from "@/lib/auth/guards";
import { DomainError, InvalidInput } from "@/lib/errors";
import { toDecimalString } from "@/lib/money";
import { tradingHalt } from "@/lib/investing/trading-halt";
import { testPaymentsEnabled } from "@/lib/payments/deposits";
import { previewWithdrawal, type WithdrawalPreview } from "@/lib/payments/withdrawals/request";
import { listWithdrawals, payoutBanks } from "@/lib/payments/withdrawals/views";
import { cancelWithdrawalAction, confirmWithdrawalAction } from "./actions";

export const metadata: Metadata = { title: "Withdraw money" };

type Search = { amount?: string; everything?: string; bank?: string; requested?: string };

export default async function WithdrawPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageUser("/withdraw", ["INVESTOR"]);
  const query = await searchParams;
  const [banks, withdrawals, halt] = await Promise.all([payoutBanks(user.id), listWithdrawals(user), tradingHalt()]);
  const asked = query.everything === "1" ? "everything" : query.amount;
  let preview: WithdrawalPreview | null = null;
  let problem: { message: string; fields: Record<string, string> } | null = null;
  if (asked !== undefined && query.bank) {
    try {
      preview = await previewWithdrawal(user, { amount: asked, bankAccountId: query.bank });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problem = { message: error.message, fields: error instanceof InvalidInput ? error.fields : {} };
    }
  }
  const amountError = problem?.fields.amount;
  return (
    <main className="narrow stack">
      <LiveRefresh on={["account"]} />
      <h1>Withdraw money</h1>
      {query.requested && <Alert tone="success">Your withdrawal is requested. Its progress is below; we email you at each step.</Alert>}
      {testPaymentsEnabled() && (
        <Alert tone="info">Test mode: no Stripe keys are configured, so payouts go to Stripe&apos;s test bank accounts. No real money moves.</Alert>
      )}
      {halt.halted && <Alert tone="info">Trading is halted{halt.reason ? `: ${halt.reason}` : ""}. Withdrawals that need sales wait until it resumes.</Alert>}
      {banks.length === 0 ? (
        <Alert tone="info">
          Link and verify a bank account first: withdrawals are paid only to a verified bank account in your name. <Link href="/settings">Go to settings</Link>
        </Alert>
      ) : (
        <form method="get" action="/withdraw" className="card stack" aria-label="Withdrawal amount">
          {problem && !amountError && <Alert>{problem.message}</Alert>}
          <div className="field">
            <label htmlFor="amount">Amount (USD)</label>
            <p id="amount-hint" className="field-hint">
              What your cash does not cover is raised by selling investments.
            </p>
            <input
              id="amount"
              name="amount"
              inputMode="decimal"
              defaultValue={query.amount ?? ""}
              aria-describedby={amountError ? "amount-hint amount-error" : "amount-hint"}
              aria-invalid={amountError ? true : undefined}
            />
            {amountError && (
              <p id="amount-error" className="field-error">
                {amountError}
              </p>
            )}
          </div>
          <div className="field">
            <label>
              <input type="checkbox" name="everything" value="1" defaultChecked={query.everything === "1"} /> Withdraw everything (sell all
              investments and close out the balance)
            </label>
          </div>
          <div className="field">
            <label htmlFor="bank">To bank account</label>
            <select id="bank" name="bank" defaultValue={query.bank ?? banks[0]!.id}>
              {banks.map((bank) => (
                <option key={bank.id} value={bank.id}>
                  {bank.bankName} ••{bank.last4}
                </option>
              ))}
            </select>
          </div>
          <p>
            <button type="submit" className="button">
              Preview withdrawal
            </button>
          </p>
        </form>
      )}
      {preview && (
        <>
          <WithdrawalPreviewTable preview={preview} />
          <ConfirmWithdrawal action={confirmWithdrawalAction} amount={preview.everything ? "everything" : toDecimalString(BigInt(preview.amount), preview.currency)} bankAccountId={preview.bank.id} requestKey={randomUUID()} />
        </>
      )}
      <h2>Your withdrawals</h2>
      <WithdrawalList withdrawals={withdrawals} cancelAction={cancelWithdrawalAction} halted={halt.halted} />
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </main>
  );
}
