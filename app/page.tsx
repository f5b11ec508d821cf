import Link from "next/link";
import { connection } from "next/server";
import { Pricing } from "@/components/fees/pricing";
import { pricing } from "@/lib/fees/views";

export default async function LandingPage() {
  await connection(); // the schedule is the admins' to change: read it per request, not at build time
  const prices = await pricing();
  return (
    <main className="landing">
      <h1>Investing that runs itself</h1>
      <p className="lede">
        Answer a few questions about your goals, fund your account, and Autovest invests every dollar in a
        diversified portfolio of low-cost ETFs that fits your risk, then keeps it on target.
      </p>
      <p className="actions">
        <Link href="/sign-up" className="button">
          Open an account
        </Link>
        <Link href="/sign-in" className="button button-quiet">
          Sign in
        </Link>
      </p>
      <ul className="features">
        <li>
          <h2>Built for your risk</h2>
          <p>A short questionnaire picks a model portfolio from conservative to aggressive.</p>
        </li>
        <li>
          <h2>Invested automatically</h2>
          <p>Deposits are invested into your portfolio, in fractional shares, without you lifting a finger.</p>
        </li>
        <li>
          <h2>Every cent accounted for</h2>
          <p>Each movement of money is recorded in a double-entry ledger you can inspect.</p>
        </li>
      </ul>
      <Pricing tiers={prices.tiers} example={prices.example} />
    </main>
  );
}
