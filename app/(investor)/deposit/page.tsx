import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { DepositForm } from "@/components/deposits/deposit-form";
import { IdentityGate } from "@/components/kyc/identity-gate";
import { Alert } from "@/components/ui/alert";
import { isEmailVerified } from "@/lib/auth/email-verification";
import { requirePageUser } from "@/lib/auth/guards";
import { kycStatusOf } from "@/lib/kyc/profile";
import { testPaymentsEnabled } from "@/lib/payments/deposits";
import { TEST_SCENARIOS } from "@/lib/payments/test-payments";
import { depositAction } from "./actions";

export const metadata: Metadata = { title: "Deposit money" };

export default async function DepositPage({ searchParams }: { searchParams: Promise<{ cancelled?: string }> }) {
  const user = await requirePageUser("/deposit", ["INVESTOR"]);
  const { cancelled } = await searchParams;
  const identity = await kycStatusOf(user.id);
  if (identity !== "APPROVED") {
    return (
      <main className="narrow">
        <h1>Deposit money</h1>
        <IdentityGate status={identity} />
        <p>
          <Link href="/dashboard">Back to your dashboard</Link>
        </p>
      </main>
    );
  }
  if (!(await isEmailVerified(user.id))) {
    return (
      <main className="narrow">
        <h1>Deposit money</h1>
        <Alert tone="info">
          Before your first deposit, confirm your email address: open the link we sent to <strong>{user.email}</strong>, or send a new one
          from the banner above.
        </Alert>
        <p>
          <Link href="/dashboard">Back to your dashboard</Link>
        </p>
      </main>
    );
  }
  const testOptions = testPaymentsEnabled()
    ? Object.entries(TEST_SCENARIOS).map(([value, scenario]) => ({ value, label: scenario.label }))
    : null;
  return (
    <main className="narrow">
      <h1>Deposit money</h1>
      {cancelled && <Alert tone="info">The payment was cancelled. Nothing was charged.</Alert>}
      {testOptions && (
        <Alert tone="info">
          Test mode: no Stripe keys are configured, so payments are simulated with Stripe&apos;s test cards and bank
          account. No real money moves.
        </Alert>
      )}
      <p className="lede">Your deposit is invested automatically once it arrives.</p>
      <DepositForm action={depositAction} requestKey={randomUUID()} testOptions={testOptions} />
      <p>
        Deposit on a schedule instead: <Link href="/recurring-deposits">recurring deposits</Link> from a{" "}
        <Link href="/bank-accounts">linked bank account</Link>.
      </p>
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </main>
  );
}
