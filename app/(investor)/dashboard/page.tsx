import type { Metadata } from "next";
import Link from "next/link";
import { DepositList } from "@/components/deposits/deposit-list";
import { AllocationTable } from "@/components/investing/allocation-table";
import { FigureHelp } from "@/components/investing/figure-help";
import { GainFigures } from "@/components/investing/gain-figures";
import { HoldingsTable } from "@/components/investing/holdings-table";
import { PerformancePanel } from "@/components/investing/performance-panel";
import { PricesAsOf } from "@/components/investing/prices-as-of";
import { IdentityGate } from "@/components/kyc/identity-gate";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { cashOverview, holdingsOverview } from "@/lib/investing/portfolio";
import { currentRiskProfile } from "@/lib/investing/risk-profile";
import { formatMoney } from "@/lib/money";
import { priceFreshness } from "@/lib/market-data/freshness";
import { performanceOf, RANGES } from "@/lib/portfolio/performance";
import { accountOf, listDeposits } from "@/lib/payments/deposits";
import { accountValue } from "@/lib/portfolio/account-value";
import { gainSummary } from "@/lib/portfolio/summary";
import { settleTestTransferAction } from "../deposit/actions";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ range?: string }> }) {
  const user = await requirePageUser("/dashboard", ["INVESTOR"]);
  const requested = (await searchParams).range;
  const range = RANGES.find((r) => r === requested) ?? "1M";
  const account = accountOf(user);
  const [overview, deposits, profile, holdings, performance, gains, value] = await Promise.all([
    cashOverview(user),
    listDeposits(user, { take: 20 }),
    currentRiskProfile(user),
    holdingsOverview(user),
    performanceOf(user, range),
    account.then((account) => gainSummary(account.id)),
    account.then((account) => accountValue(account.id)),
  ]);
  const prices = priceFreshness(holdings.pricesAsOf);
  const money = (amount: bigint) => formatMoney(amount, overview.currency);
  return (
    <main>
      <h1>Welcome, {user.name}</h1>
      {overview.status === "RESTRICTED" && (
        <Alert>
          Your account is restricted: {money(overview.owed)} of a deposit was returned to the payer after it had been
          invested. New investing and withdrawals are paused until it is repaid; your next deposit repays it first.
        </Alert>
      )}
      <LiveRefresh on={["prices", "account"]} refreshWhilePolling={holdings.investing} />
      {holdings.rows.length > 0 && <PricesAsOf asOf={prices.asOf} stale={prices.stale} />}
      <section aria-labelledby="cash-heading" className="card">
        <h2 id="cash-heading">Your money</h2>
        <dl className="figures">
          <div>
            <dt>Total value</dt>
            <dd data-testid="total-value">{money(value.total)}</dd>
            <FigureHelp>Your investments at the latest prices plus your cash, less anything you owe.</FigureHelp>
          </div>
          <GainFigures summary={gains} netWorth={value.total} currency={overview.currency} />
          <div>
            <dt>Invested</dt>
            <dd data-testid="invested-value">{money(holdings.invested)}</dd>
            <FigureHelp>Each holding at its latest price, rounded down to the cent.</FigureHelp>
          </div>
          <div>
            <dt>Available cash</dt>
            <dd data-testid="available-cash">{money(overview.cash)}</dd>
          </div>
          {overview.pending > 0n && (
            <div>
              <dt>Deposits on the way</dt>
              <dd>{money(overview.pending)}</dd>
            </div>
          )}
          {overview.held > 0n && (
            <div>
              <dt>Being invested</dt>
              <dd>{money(overview.held)}</dd>
            </div>
          )}
          {overview.owed > 0n && (
            <div>
              <dt>You owe</dt>
              <dd>{money(overview.owed)}</dd>
            </div>
          )}
        </dl>
        {overview.identity === "APPROVED" ? (
          <p>
            <Link href="/deposit" className="button">
              Deposit money
            </Link>
          </p>
        ) : (
          <IdentityGate status={overview.identity} />
        )}
      </section>
      <PerformancePanel performance={performance} />
      <section aria-labelledby="portfolio-heading" className="card">
        {profile?.model ? (
          <>
            <h2 id="portfolio-heading">Your portfolio: {profile.model.name}</h2>
            <p>
              Risk score {profile.score} of 10. <Link href="/onboarding">See your risk profile</Link>
            </p>
            {holdings.rows.length > 0 ? (
              <HoldingsTable rows={holdings.rows} />
            ) : (
              <AllocationTable allocation={profile.model.allocation} caption="Target allocation" />
            )}
          </>
        ) : (
          <>
            <h2 id="portfolio-heading">Choose your portfolio</h2>
            <p>Answer seven questions about your goals and we will match you with a portfolio.</p>
            <p>
              <Link href="/onboarding" className="button">
                Take the risk questionnaire
              </Link>
            </p>
          </>
        )}
      </section>
      <section aria-labelledby="deposits-heading" className="card">
        <h2 id="deposits-heading">Deposits</h2>
        <DepositList deposits={deposits} settleAction={settleTestTransferAction} />
      </section>
    </main>
  );
}
