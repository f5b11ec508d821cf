import type { Metadata } from "next";
import Link from "next/link";
import { LiveRefresh } from "@/components/live/live-refresh";
import { TradingHaltBanner } from "@/components/investing/trading-halt-banner";
import { overviewFor } from "@/lib/advisor/overview";
import { requirePageUser } from "@/lib/auth/guards";
import { feeBook } from "@/lib/fees/views";
import { canManageUsers, STAFF_ROLES } from "@/lib/auth/roles";
import { formatMoney } from "@/lib/money";
import { countAccountsByRole } from "@/lib/users/staff";
import { viewerFormatFor } from "@/lib/format/viewer";

export const metadata: Metadata = { title: "Advisor dashboard" };

/** A signed amount of money in words a reader takes in at a glance: "+$1,200.00", "−$50.00". */
function signedMoney(amount: bigint): string {
  return amount < 0n ? `−${formatMoney(-amount)}` : `+${formatMoney(amount)}`;
}

export default async function AdminHomePage() {
  const user = await requirePageUser("/admin", STAFF_ROLES);
  const format = await viewerFormatFor(user);
  const [overview, counts, fees] = await Promise.all([overviewFor(user), countAccountsByRole(user), feeBook(user.role === "ADMIN" ? null : user.id)]);
  const book = user.role === "ADMIN" ? "All clients" : "Your clients";
  return (
    <main>
      <LiveRefresh on={["prices", "book"]} />
      <h1>Advisor dashboard</h1>
      <p className="lede">
        Signed in as {user.name} ({user.role.toLowerCase()}).
      </p>
      <TradingHaltBanner audience="staff" />
      <section aria-labelledby="book-heading" className="card">
        <h2 id="book-heading">{user.role === "ADMIN" ? "The book" : "Your book"}</h2>
        <dl className="figures">
          <div>
            <dt>Assets under management</dt>
            <dd data-testid="aum">{formatMoney(overview.assetsUnderManagement)}</dd>
          </div>
          <div>
            <dt>Clients</dt>
            <dd data-testid="client-count">{overview.clients}</dd>
          </div>
          <div>
            <dt>Net flows today</dt>
            <dd data-testid="net-flows-today">{signedMoney(overview.netFlowsToday)}</dd>
          </div>
          <div>
            <dt>Net flows, 30 days</dt>
            <dd data-testid="net-flows-30d">{signedMoney(overview.netFlows30Days)}</dd>
          </div>
          <div>
            <dt>Fee revenue this month</dt>
            <dd data-testid="fee-revenue-month">{formatMoney(fees.collected)}</dd>
          </div>
          <div>
            <dt>Fees accrued this month</dt>
            <dd data-testid="fees-accrued-month">{formatMoney(fees.accrued)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="attention-heading" className="card">
        <h2 id="attention-heading">Needs attention</h2>
        <ul>
          <li>
            <Link href="/admin/clients?kyc=PENDING_REVIEW">
              {overview.pendingKyc} identity {overview.pendingKyc === 1 ? "check" : "checks"} waiting for review
            </Link>
          </li>
          <li>
            <Link href="/admin/clients?drift=outside&sort=drift">
              {overview.outsideDriftBand} {overview.outsideDriftBand === 1 ? "account" : "accounts"} outside their drift band
            </Link>
          </li>
          <li>
            <Link href="/admin/operations">
              {overview.failedRuns24h} failed workflow {overview.failedRuns24h === 1 ? "run" : "runs"} in the last 24 hours, {overview.stuckRuns} stuck
            </Link>
          </li>
          <li>
            {overview.stalePrices.length > 0
              ? `Stale prices (over 15 minutes old while the market is open): ${overview.stalePrices.join(", ")}`
              : `Prices are current${overview.pricesAsOf ? ` (oldest as of ${format.dateTime(overview.pricesAsOf)})` : ""}.`}
          </li>
        </ul>
      </section>
      <section aria-labelledby="people-heading" className="card">
        <h2 id="people-heading">People</h2>
        <dl className="figures">
          <div>
            <dt>Investors</dt>
            <dd>{counts.INVESTOR}</dd>
          </div>
          <div>
            <dt>Advisors</dt>
            <dd>{counts.ADVISOR}</dd>
          </div>
          <div>
            <dt>Admins</dt>
            <dd>{counts.ADMIN}</dd>
          </div>
        </dl>
        <p>
          <Link href="/admin/clients">{book}</Link>
        </p>
        {canManageUsers(user.role) && (
          <p>
            <Link href="/admin/accounts">Manage accounts and roles</Link>
          </p>
        )}
      </section>
    </main>
  );
}
