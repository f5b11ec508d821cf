import type { Metadata } from "next";
import Link from "next/link";
import { HaltTradingForm, ResumeTradingForm } from "@/components/operations/halt-forms";
import { OutboxPanel } from "@/components/operations/outbox-panel";
import { ReconciliationReport } from "@/components/operations/reconciliation-report";
import { AccountLocksTable } from "@/components/operations/account-locks-table";
import { GenerateStatementsForm } from "@/components/operations/generate-statements-form";
import { OperatorActionForm } from "@/components/operations/operator-action-form";
import { functionName, RunsTable, shortRunId } from "@/components/operations/runs-table";
import { viewerFormatFor } from "@/lib/format/viewer";
import { FeeAdminForm } from "@/components/fees/fee-admin-form";
import { LiveRefresh } from "@/components/live/live-refresh";
import { requirePageUser } from "@/lib/auth/guards";
import { monthLabel } from "@/lib/fees/accrual";
import { previousMonth } from "@/lib/fees/bill";
import { billingSummary } from "@/lib/fees/views";
import { formatMoney } from "@/lib/money";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { tradingHalt } from "@/lib/investing/trading-halt";
import { tradeDate } from "@/lib/tax/holding-period";
import { listAccountLocks, type AccountLockView } from "@/lib/operations/account-locks";
import { outboxHealth } from "@/lib/operations/outbox-health";
import { reconcile } from "@/lib/operations/reconcile";
import { listRuns, parseRunQuery, runFunctions, runsNeedingAttention, type RunQuery, type RunView } from "@/lib/operations/runs";
import {
  billFeesAction,
  cancelRunAction,
  generateStatementsAction,
  haltTradingAction,
  releaseAccountAction,
  requeueOutboxEventAction,
  resumeTradingAction,
  retryRunAction,
} from "./actions";

export const metadata: Metadata = { title: "Operations" };

function runsHref(query: RunQuery, cursor: string): string {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.functionId) params.set("functionId", query.functionId);
  params.set("cursor", cursor);
  return `/admin/operations?${params.toString()}#runs-heading`;
}

/** Reads the books on demand: the trial balance scans every posting, and Stripe is asked over the network. */
async function timedReconciliation(actor: Parameters<typeof reconcile>[0]) {
  const started = performance.now();
  const report = await reconcile(actor);
  return { report, tookMs: Math.round(performance.now() - started) };
}

export default async function OperationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageUser("/admin/operations", STAFF_ROLES);
  const params = await searchParams;
  const query = parseRunQuery(params);
  const isAdmin = actor.role === "ADMIN";
  const format = await viewerFormatFor(actor);
  const [halt, attention, recent, functions, reconciliation, outbox, locks] = await Promise.all([
    tradingHalt(),
    runsNeedingAttention(actor),
    listRuns(actor, query),
    runFunctions(actor),
    isAdmin && params.reconcile === "1" ? timedReconciliation(actor) : null,
    outboxHealth(actor),
    listAccountLocks(actor),
  ]);
  const retryCell = (run: RunView) =>
    run.retriedAt ? (
      <span>Retried {format.preciseDateTime(run.retriedAt)}</span>
    ) : isAdmin ? (
      <OperatorActionForm action={retryRunAction} fields={{ runId: run.runId }} text="Retry" label={`Retry ${functionName(run.functionId)} run ${shortRunId(run.runId)}`} />
    ) : (
      <span className="muted">An admin can retry it</span>
    );
  const cancelCell = (run: RunView) =>
    isAdmin ? (
      <OperatorActionForm action={cancelRunAction} fields={{ runId: run.runId }} text="Cancel" label={`Cancel ${functionName(run.functionId)} run ${shortRunId(run.runId)}`} />
    ) : (
      <span className="muted">An admin can cancel it</span>
    );
  const releaseCell = (lock: AccountLockView) =>
    isAdmin ? (
      <OperatorActionForm
        action={releaseAccountAction}
        fields={{ investmentAccountId: lock.investmentAccountId, runKey: lock.runKey }}
        text="Release"
        label={`Release ${lock.investorName}'s account from its ${lock.kind} run`}
      />
    ) : (
      <span className="muted">An admin can release it</span>
    );

  return (
    <main>
      <LiveRefresh on={["book"]} />
      <h1>Operations</h1>
      {!isAdmin && <p className="lede">You see operations read-only: halting trading, retrying and cancelling runs, releasing accounts, sending parked events again and the reconciliation are for admins.</p>}

      <section aria-labelledby="halt-heading" className="card stack">
        <h2 id="halt-heading">Trading halt</h2>
        <p role="status">
          {halt.halted ? (
            <>
              <strong>Trading is halted</strong>
              {halt.since && ` since ${format.preciseDateTime(halt.since)}`}. Reason: {halt.reason ?? "none given"}. Workflows wait before placing any order.
            </>
          ) : (
            "Trading is running: workflows place orders as usual."
          )}
        </p>
        {isAdmin && (halt.halted ? <ResumeTradingForm action={resumeTradingAction} /> : <HaltTradingForm action={haltTradingAction} />)}
      </section>

      <FeeBilling isAdmin={isAdmin} />

      <section aria-labelledby="attention-heading" className="card stack">
        <h2 id="attention-heading">Runs that need attention</h2>
        {attention.failed.length === 0 ? (
          <p>No failed runs waiting for a retry.</p>
        ) : (
          <RunsTable runs={attention.failed} caption="Failed runs (a retry sends the run's event again, once)" action={{ heading: "Retry", cell: retryCell }} />
        )}
        <p className="field-hint">
          A run is stuck when it is still running but nothing has moved it for more than 30 minutes: the app may have crashed during
          its last attempt. A run waiting on purpose (for the market to open, or for a trading halt to be lifted) says so and is not
          stuck. Cancelling a stuck run stops it before its next step; an investment or rebalance then gives back what it held.
        </p>
        {attention.stuck.length === 0 ? <p>No stuck runs.</p> : <RunsTable runs={attention.stuck} caption="Stuck runs" action={{ heading: "Cancel", cell: cancelCell }} />}
      </section>

      <section aria-labelledby="locks-heading" className="card stack">
        <h2 id="locks-heading">Accounts held by a run</h2>
        <p className="field-hint">
          An investment or rebalance holds its account from start to end; work for a held account waits its turn and starts when the
          account is released. Releasing an account cancels its run, withdraws or cancels its orders, settles what filled and gives
          back the cash it held: for a run that is lost or stuck.
        </p>
        {locks.length === 0 ? <p>No account is held: no investment or rebalance is under way.</p> : <AccountLocksTable locks={locks} action={{ heading: "Release", cell: releaseCell }} />}
      </section>

      <section aria-labelledby="statements-heading" className="card stack">
        <h2 id="statements-heading">Statements</h2>
        <p className="field-hint">
          Each account&apos;s statement is made at 02:00 New York time on the 1st for the month before, and a trade confirmation after
          each trading day with trades. Generate a month&apos;s statements now if they are missing, or to date for the month under way.
        </p>
        <GenerateStatementsForm action={generateStatementsAction} currentMonth={tradeDate(new Date()).slice(0, 7)} />
      </section>

      {/* The outbox: events waiting to be sent to Inngest, and the parked ones (components/operations/outbox-panel.tsx). */}
      <OutboxPanel health={outbox} requeueAction={isAdmin ? requeueOutboxEventAction : null} />

      <section aria-labelledby="runs-heading" className="card stack">
        <h2 id="runs-heading">Recent runs</h2>
        <form method="get" action="/admin/operations" className="filters" role="search" aria-label="Filter runs">
          <div className="field">
            <label htmlFor="run-status">Status</label>
            <select id="run-status" name="status" defaultValue={query.status ?? ""}>
              <option value="">Any</option>
              <option value="RUNNING">Running</option>
              <option value="COMPLETED">Completed</option>
              <option value="FAILED">Failed</option>
              <option value="CANCELLED">Cancelled</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="run-function">Function</label>
            <select id="run-function" name="functionId" defaultValue={query.functionId ?? ""}>
              <option value="">Any</option>
              {functions.map((id) => (
                <option key={id} value={id}>
                  {functionName(id)}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="button">
              Apply
            </button>
            {(query.status || query.functionId || query.cursor) && <Link href="/admin/operations#runs-heading">Clear filters</Link>}
          </div>
        </form>
        {recent.runs.length === 0 ? (
          <p role="status">{query.status || query.functionId ? "No runs match these filters." : "No workflow runs yet: investing, rebalancing, statements and the other workflows appear here as they run."}</p>
        ) : (
          <RunsTable runs={recent.runs} caption="Runs, newest first" />
        )}
        {recent.nextCursor && (
          <nav aria-label="Runs pages" className="actions">
            <Link href={runsHref(query, recent.nextCursor)}>Older runs</Link>
          </nav>
        )}
      </section>

      {isAdmin && (
        <section aria-labelledby="reconciliation-heading" className="card stack">
          <h2 id="reconciliation-heading">Reconciliation</h2>
          <p className="field-hint">
            Trial balance, clearing accounts back to zero, Stripe&apos;s balance transactions for the last 30 days, and every holding
            against the broker. It reads the whole ledger, so it runs when asked.
          </p>
          <form method="get" action="/admin/operations#reconciliation-heading">
            <input type="hidden" name="reconcile" value="1" />
            <button type="submit" className="button">
              {reconciliation ? "Run the reconciliation again" : "Run the reconciliation"}
            </button>
          </form>
          {reconciliation && <ReconciliationReport report={reconciliation.report} tookMs={reconciliation.tookMs} />}
        </section>
      )}
    </main>
  );
}

async function FeeBilling({ isAdmin }: { isAdmin: boolean }) {
  const months = await billingSummary();
  return (
    <section aria-labelledby="fees-billing-heading" className="card stack">
      <h2 id="fees-billing-heading">Fee billing</h2>
      <p>
        Fees accrue nightly and are billed on the 1st (New York) for the month before. Billing a month again bills nobody twice; only months that
        have ended can be billed.
      </p>
      {months.length > 0 ? (
        <table className="stacked-table">
          <caption>Billed months</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Accounts</th>
              <th scope="col">Billed</th>
              <th scope="col">Collected</th>
              <th scope="col">Waiting for sales</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month} data-testid={`billed-${m.month}`}>
                <td data-label="Month">{monthLabel(m.month)}</td>
                <td data-label="Accounts">{m.accounts}</td>
                <td data-label="Billed">{formatMoney(m.billed)}</td>
                <td data-label="Collected">{formatMoney(m.collected)}</td>
                <td data-label="Waiting for sales">{m.waiting}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No month has been billed yet.</p>
      )}
      {isAdmin && (
        <FeeAdminForm
          action={billFeesAction}
          id="bill-fees"
          submit="Bill fees"
          fields={[{ name: "month", label: "Month to bill", type: "month", hint: "A month that has ended, e.g. 2026-11.", defaultValue: previousMonth() }]}
        />
      )}
    </section>
  );
}
