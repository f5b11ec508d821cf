import type { Metadata } from "next";
import Link from "next/link";
import { Hero } from "@/components/dashboard/hero";
import { NextStepsChecklist } from "@/components/dashboard/next-steps";
import { DepositFailure, DepositList } from "@/components/deposits/deposit-list";
import { AllocationTable } from "@/components/investing/allocation-table";
import { AllocationVsTarget } from "@/components/investing/allocation-vs-target";
import { HoldingsTable } from "@/components/investing/holdings-table";
import { PerformancePanel } from "@/components/investing/performance-panel";
import { PricesAsOf } from "@/components/investing/prices-as-of";
import { IdentityGate } from "@/components/kyc/identity-gate";
import { LiveRefresh } from "@/components/live/live-refresh";
import { GoalsSummary } from "@/components/planning/goals-summary";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { viewerFormat } from "@/lib/format/viewer";
import { cashOverview, holdingsOverview } from "@/lib/investing/portfolio";
import { currentRiskProfile } from "@/lib/investing/risk-profile";
import { formatMoney } from "@/lib/money";
import { priceFreshness } from "@/lib/market-data/freshness";
import { performanceOf, RANGES } from "@/lib/portfolio/performance";
import { accountOf, listDeposits } from "@/lib/payments/deposits";
import { nextStepsFor } from "@/lib/onboarding/next-steps";
import { accountValue } from "@/lib/portfolio/account-value";
import { allocationByClass } from "@/lib/portfolio/allocation";
import { gainSummary, todaysChangeOf } from "@/lib/portfolio/summary";
import { settleTestTransferAction } from "../deposit/actions";
import { TableScroll } from "@/components/ui/table-scroll";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ range?: string }> }) {
  const user = await requirePageUser("/dashboard", ["INVESTOR"]);
  const requested = (await searchParams).range;
  const range = RANGES.find((r) => r === requested) ?? "1M";
  const account = accountOf(user);
  const [overview, deposits, profile, holdings, performance, gains, value, nextSteps, format] = await Promise.all([
    cashOverview(user),
    listDeposits(user, { take: 20 }),
    currentRiskProfile(user),
    holdingsOverview(user),
    performanceOf(user, range),
    account.then((account) => gainSummary(account.id)),
    account.then(async (account) => {
      const value = await accountValue(account.id);
      return { ...value, today: await todaysChangeOf(account.id, value.total) };
    }),
    nextStepsFor(user),
    viewerFormat(),
  ]);
  const prices = priceFreshness(holdings.pricesAsOf);
  const money = (amount: bigint) => formatMoney(amount, overview.currency);
  const latest = deposits[0];
  return (
    <main>
      <h1>Welcome, {user.name}</h1>
      {latest?.status === "FAILED" && (
        <div className="alert alert-error" data-testid="deposit-failure">
          <strong>Your {latest.method === "CARD" ? "card payment" : "bank transfer"} of {money(latest.amount)} did not go through.</strong>{" "}
          <DepositFailure deposit={latest} />
        </div>
      )}
      {overview.status === "RESTRICTED" && (
        <Alert>
          Your account is restricted: {money(overview.owed)} of a deposit was returned to the payer after it had been
          invested. New investing and withdrawals are paused until it is repaid; your next deposit repays it first.{" "}
          <Link href="/deposit">Deposit to repay it</Link>
        </Alert>
      )}
      <LiveRefresh on={["prices", "account"]} refreshWhilePolling={holdings.investing} />
      {holdings.rows.length > 0 && <PricesAsOf asOf={prices.asOf} stale={prices.stale} />}
      <Hero
        formatDay={format.day}
        figures={{
          currency: overview.currency,
          balance: value.total,
          today: value.today,
          netContributions: gains.netContributions,
          invested: holdings.invested,
          cash: overview.cash,
          pending: overview.pending,
          beingInvested: overview.held,
          owed: overview.owed,
        }}
      >
        {overview.identity === "APPROVED" ? (
          <p>
            <Link href="/deposit" className="button">
              Deposit money
            </Link>
          </p>
        ) : (
          <IdentityGate status={overview.identity} />
        )}
      </Hero>
      <GoalsSummary user={user} />
      <NextStepsChecklist nextSteps={nextSteps} />
      <PerformancePanel performance={performance} locale={format.locale} />
      {profile?.model && holdings.rows.length > 0 && <AllocationVsTarget rows={allocationByClass(holdings.rows, profile.model.allocation)} />}
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
              <TableScroll label="Target allocation">
                <AllocationTable allocation={profile.model.allocation} caption="Target allocation" />
              </TableScroll>
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
