import type { Metadata } from "next";
import Link from "next/link";
import { AssignAdvisorForm } from "@/components/admin/assign-advisor-form";
import { ChangeModelForm, NoteForm, RebalanceForm } from "@/components/admin/client-actions";
import { KycReviewForm } from "@/components/admin/kyc-review-form";
import { DocumentsTable } from "@/components/documents/documents-table";
import { ActivityTable } from "@/components/investing/activity-table";
import { FigureHelp } from "@/components/investing/figure-help";
import { HoldingsTable } from "@/components/investing/holdings-table";
import { PerformancePanel } from "@/components/investing/performance-panel";
import { KycDetails } from "@/components/kyc/kyc-details";
import { LiveRefresh } from "@/components/live/live-refresh";
import { AccountFees } from "@/components/fees/account-fees";
import { GoalStatusLines } from "@/components/planning/goal-card";
import { ClientWithdrawals } from "@/components/withdrawals/client-withdrawals";
import { clientFor, clientKyc, listAdvisors } from "@/lib/advisor/clients";
import { ChangeFigures } from "@/components/investing/change-figures";
import { clientPortfolio, listNotes } from "@/lib/advisor/workspace";
import { requirePageUser } from "@/lib/auth/guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { documentsOfClient } from "@/lib/documents/documents";
import { Forbidden, NotFound } from "@/lib/errors";
import { feesOf } from "@/lib/fees/views";
import { requestContextFrom } from "@/lib/http/request-context";
import { listModels } from "@/lib/investing/models";
import { formatMoney } from "@/lib/money";
import { projectGoals } from "@/lib/planning/goal-projection";
import { clientGoals } from "@/lib/planning/goals";
import { RANGES } from "@/lib/portfolio/performance";
import { headers } from "next/headers";
import { forbidden, notFound } from "next/navigation";
import { addNoteAction, assignAdvisorAction, changeModelAction, requestRebalanceAction, reviewKycAction } from "../actions";
import { viewerFormatFor } from "@/lib/format/viewer";

export const metadata: Metadata = { title: "Client" };

export default async function ClientPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ range?: string }> }) {
  const { id } = await params;
  const requested = (await searchParams).range;
  const range = RANGES.find((r) => r === requested) ?? "1Y";
  const actor = await requirePageUser(`/admin/clients/${id}`, STAFF_ROLES);
  const format = await viewerFormatFor(actor);
  const client = await clientFor(actor, id, requestContextFrom(await headers())).catch((error: unknown) => {
    if (error instanceof Forbidden) forbidden();
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const [kyc, advisors, portfolio, notes, models, documents] = await Promise.all([
    clientKyc(actor, client.id),
    actor.role === "ADMIN" ? listAdvisors(actor) : null,
    clientPortfolio(actor, client.id, range).catch((error: unknown) => {
      if (error instanceof NotFound) return null;
      throw error;
    }),
    listNotes(actor, client.id),
    listModels(),
    documentsOfClient(actor, client.id),
  ]);
  // clientPortfolio has checked that the actor may see this client.
  const fees = portfolio ? await feesOf(client.id, portfolio.accountId) : null;
  const goals = portfolio ? await clientGoals(actor, client.id) : [];
  const goalProjections = await projectGoals(client.id, goals);
  const money = (amount: bigint) => formatMoney(amount, portfolio?.currency ?? "USD");
  return (
    <main>
      <LiveRefresh on={["prices", "book"]} />
      <p>
        <Link href="/admin/clients">All clients</Link>
      </p>
      <h1>{client.name}</h1>
      <p className="lede">
        {client.email}, client since {format.date(client.joinedAt)}. Advisor: {client.advisor?.name ?? "nobody yet"}.
      </p>
      {client.closedAt && (
        <p role="status" className="alert alert-info">
          The client closed their account on {format.date(client.closedAt)}. Their personal details are erased; their records (ledger,
          deposits, trades, notes and the audit trail) are kept under this reference, as the law requires.
        </p>
      )}
      {advisors && <AssignAdvisorForm action={assignAdvisorAction} clientId={client.id} current={client.advisor?.id ?? null} advisors={advisors} />}
      <section aria-labelledby="kyc-heading" className="card">
        <h2 id="kyc-heading">Identity check</h2>
        {!kyc ? (
          <p>Not submitted yet.</p>
        ) : (
          <>
            <KycDetails kyc={kyc} showStatus />
            <p>
              <a href={`/api/v1/kyc/${client.id}/document`} target="_blank" rel="noreferrer">
                View the identity document ({kyc.documentType.split("/")[1]?.toUpperCase()})
              </a>
            </p>
            {kyc.status === "REJECTED" && <p>Rejected: {kyc.rejectionReason}</p>}
            {kyc.status === "PENDING_REVIEW" && <KycReviewForm action={reviewKycAction} clientId={client.id} />}
          </>
        )}
      </section>
      {portfolio && (
        <>
          <section aria-labelledby="portfolio-heading" className="card">
            <h2 id="portfolio-heading">Portfolio{portfolio.model ? `: ${portfolio.model.name} (version ${portfolio.model.version})` : ""}</h2>
            <dl className="figures">
              <div>
                <dt>Total value</dt>
                <dd data-testid="client-total-value">{money(portfolio.value.total)}</dd>
                <FigureHelp>Holdings at the latest prices plus cash, less anything the client owes: the total the client sees.</FigureHelp>
              </div>
              <ChangeFigures
                today={portfolio.today}
                balance={portfolio.value.total}
                netContributions={portfolio.netContributions}
                currency={portfolio.currency}
                formatDay={format.day}
                audience="staff"
              />
              <div>
                <dt>Invested</dt>
                <dd>{money(portfolio.value.marketValue)}</dd>
                <FigureHelp>Each holding at its latest price, rounded down to the cent.</FigureHelp>
              </div>
              <div>
                <dt>Cash</dt>
                <dd>{money(portfolio.value.cash)}</dd>
                <FigureHelp>Available and held for orders or withdrawals, net of anything owed.</FigureHelp>
              </div>
              <div>
                <dt>Drift</dt>
                <dd data-testid="client-drift">
                  {portfolio.drift
                    ? `${portfolio.drift.drift.times(100).toFixed(1)}% (band ${portfolio.drift.band.times(100).toFixed(1)}%)`
                    : "No model yet"}
                </dd>
              </div>
            </dl>
            {portfolio.choice && portfolio.choice.inEffect && portfolio.choice.levelsAbove > 0 && (
              <p data-testid="client-portfolio-choice">
                <span className="badge badge-warn">Above recommendation</span> The client chose {portfolio.choice.chosen} themselves, {portfolio.choice.levelsAbove}{" "}
                level{portfolio.choice.levelsAbove === 1 ? "" : "s"} above the {portfolio.choice.recommended} portfolio their questionnaire recommends
                {portfolio.choice.acknowledgedRisk ? ", and acknowledged the extra risk" : ""} ({format.date(portfolio.choice.at)}).
              </p>
            )}
            {portfolio.status !== "ACTIVE" && <p>The account is restricted: nothing is invested or rebalanced until it is lifted.</p>}
            {portfolio.holdings.rows.length > 0 ? <HoldingsTable rows={portfolio.holdings.rows} /> : <p>Nothing invested yet.</p>}
          </section>
          <PerformancePanel performance={portfolio.performance} basePath={`/admin/clients/${client.id}`} />
          <section aria-labelledby="documents-heading" className="card">
            <h2 id="documents-heading">Statements and confirmations</h2>
            {documents.length > 0 ? (
              <DocumentsTable documents={documents} caption={`${client.name}'s statements and trade confirmations, newest first`} />
            ) : (
              <p>No documents yet.</p>
            )}
          </section>
          {fees && (
            <section aria-labelledby="fees-heading" className="card">
              <h2 id="fees-heading">Advisory fees</h2>
              <AccountFees fees={fees} whose="the client's" />
            </section>
          )}
          <section aria-labelledby="goals-heading" className="card stack">
            <h2 id="goals-heading">Goals</h2>
            {goals.length === 0 ? (
              <p>No goals set.</p>
            ) : (
              goals.map((goal) => (
                <div key={goal.id} className="stack" data-goal-id={goal.id}>
                  <h3>
                    {goal.name}: {money(goal.targetAmount)} by {format.day(goal.targetDate)}, saving {money(goal.monthlyContribution)} a month
                  </h3>
                  <GoalStatusLines goal={goal} projection={goalProjections.get(goal.id)!} format={format} forAdvisor />
                </div>
              ))
            )}
          </section>
          <section aria-labelledby="activity-heading" className="card">
            <h2 id="activity-heading">Recent activity</h2>
            {portfolio.activity.length > 0 ? (
              <ActivityTable transactions={portfolio.activity} currency={portfolio.currency} caption={`${client.name}'s latest activity, newest first`} />
            ) : (
              <p>No activity yet.</p>
            )}
          </section>
          <ClientWithdrawals clientId={client.id} clientName={client.name} />
          {/* A closed account holds nothing and invests nothing more: nothing to rebalance or re-model. */}
          {!client.closedAt && (
            <div className="columns">
              <section aria-labelledby="rebalance-heading" className="card">
                <h2 id="rebalance-heading">Rebalance now</h2>
                <RebalanceForm action={requestRebalanceAction} clientId={client.id} />
              </section>
              <section aria-labelledby="model-heading" className="card">
                <h2 id="model-heading">Change the model</h2>
                <ChangeModelForm
                  action={changeModelAction}
                  clientId={client.id}
                  models={models.map((m) => ({ id: m.id, name: m.name, version: m.version }))}
                  current={portfolio.model?.id ?? null}
                />
              </section>
            </div>
          )}
        </>
      )}
      <section aria-labelledby="notes-heading" className="card">
        <h2 id="notes-heading">Private notes</h2>
        <NoteForm action={addNoteAction} clientId={client.id} />
        {notes.length === 0 ? (
          <p>No notes yet.</p>
        ) : (
          <ul className="notes">
            {notes.map((note) => (
              <li key={note.id}>
                <p>{note.body}</p>
                <p className="field-hint">
                  {note.author}, {format.dateTime(note.at)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
