import Decimal from "decimal.js";
import Link from "next/link";
import { connection } from "next/server";
import { Pricing } from "@/components/fees/pricing";
import { pricing } from "@/lib/fees/views";
import { listModels } from "@/lib/investing/models";

/** Classes that move with stock markets (real estate funds are listed equities). */
const EQUITY = new Set(["US_STOCKS", "DEVELOPED_MARKETS", "EMERGING_MARKETS", "REAL_ESTATE"]);

export default async function LandingPage() {
  await connection(); // the schedule is the admins' to change: read it per request, not at build time
  const [prices, models] = await Promise.all([pricing(), listModels()]);
  const levels = models.map((model) => ({
    name: model.name,
    stocks: Number(model.allocation.reduce((sum, a) => (EQUITY.has(a.assetClass) ? sum.plus(a.weight) : sum), new Decimal(0)).times(100).toFixed(0)),
  }));
  return (
    <main className="landing">
      <section className="grid items-center gap-8 py-4 md:grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)] md:py-10">
        <div>
          <p className="badge mb-3">Automated investing</p>
          <h1>Investing that runs itself</h1>
          <p className="lede">
            Answer a few questions about your goals, fund your account, and Autovest invests every dollar in a
            diversified portfolio of low-cost ETFs that fits your risk, then keeps it on target.
          </p>
          <p className="actions mt-6">
            <Link href="/sign-up" className="button">
              Open an account
            </Link>
            <Link href="/sign-in" className="button button-quiet">
              Sign in
            </Link>
          </p>
        </div>
        <figure className="card m-0" aria-labelledby="levels-caption">
          <figcaption id="levels-caption" className="mb-3 font-semibold">
            {levels.length} portfolios, from steady to bold
          </figcaption>
          <ul className="m-0 flex list-none flex-col gap-3 p-0">
            {levels.map((level) => (
              <li key={level.name}>
                <div className="flex justify-between text-sm">
                  <span>{level.name}</span>
                  <span className="muted">{level.stocks} % stocks</span>
                </div>
                <div className="mt-1 flex h-2.5 overflow-hidden rounded-full bg-brand-soft" aria-hidden="true">
                  <span className="bg-brand" style={{ width: `${level.stocks}%` }} />
                  <span className="bg-gain/60" style={{ width: `${100 - level.stocks}%` }} />
                </div>
              </li>
            ))}
          </ul>
          <p className="muted mt-3 text-xs">Stocks in blue, bonds, gold and cash in green.</p>
        </figure>
      </section>
      <ol className="features" aria-label="How it works">
        <li>
          <h2>1. Built for your risk</h2>
          <p>A short questionnaire about your goal, your horizon and how you would react to a fall picks one of our model portfolios.</p>
        </li>
        <li>
          <h2>2. Invested automatically</h2>
          <p>Deposits by card, bank transfer or on a schedule are invested into your portfolio in fractional shares.</p>
        </li>
        <li>
          <h2>3. Kept on target</h2>
          <p>Autovest rebalances when markets move your mix, choosing the tax lots that cost you least.</p>
        </li>
        <li>
          <h2>Every cent accounted for</h2>
          <p>Each movement of money is a balanced entry in a double-entry ledger, with statements and tax documents.</p>
        </li>
      </ol>
      <Pricing tiers={prices.tiers} example={prices.example} />
    </main>
  );
}
