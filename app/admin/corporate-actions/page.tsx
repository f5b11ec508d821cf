import type { Metadata } from "next";
import { FlagActions } from "@/components/corporate-actions/flag-actions";
import { OperatorActionForm } from "@/components/operations/operator-action-form";
import { RecordActionForm } from "@/components/corporate-actions/record-forms";
import { requirePageUser } from "@/lib/auth/guards";
import { canRecordCorporateActions, STAFF_ROLES } from "@/lib/auth/roles";
import { listCorporateActions } from "@/lib/market-data/corporate-actions";
import { listPriceFlags } from "@/lib/market-data/price-flags";
import { dismissFlagAction, payDueDividendsAction, recordCorporateActionAction } from "./actions";

export const metadata: Metadata = { title: "Corporate actions" };

const STATES = { pending: "Pending", applied: "Applied", paid: "Paid", history: "History (imported)" } as const;
const DECIDED = { OPEN: "Open", RESOLVED: "Recorded as a split", DISMISSED: "Dismissed: a market move" } as const;

export default async function CorporateActionsPage() {
  const actor = await requirePageUser("/admin/corporate-actions", STAFF_ROLES);
  const canRecord = canRecordCorporateActions(actor.role);
  const [flags, actions] = await Promise.all([listPriceFlags(actor), listCorporateActions(actor)]);
  return (
    <main>
      <h1>Corporate actions</h1>
      {!canRecord && <p className="lede">You see corporate actions read-only: recording them and deciding flagged moves is for admins.</p>}

      <section aria-labelledby="flags-heading" className="card stack">
        <h2 id="flags-heading">Flagged price moves</h2>
        <p className="field-hint">
          A move close to a split ratio (or larger than any market move) is never accepted by itself: an imported bar stays as the file gave
          it and a sync price is held until someone decides. Recording the split adjusts the history and the holdings; dismissing it
          accepts the move (and a held price) as real.
        </p>
        {flags.open.length === 0 ? (
          <p role="status">No flagged moves waiting for review.</p>
        ) : (
          <div className="table-scroll" role="region" aria-label="Flagged moves waiting for review" tabIndex={0}>
            <table className="stacked-table">
              <caption>Flagged moves waiting for review</caption>
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Day</th>
                  <th scope="col" className="number">Previous close</th>
                  <th scope="col" className="number">Open or held price</th>
                  <th scope="col" className="number">Move</th>
                  <th scope="col">Likely ratio</th>
                  <th scope="col">Source</th>
                  <th scope="col">Decide</th>
                </tr>
              </thead>
              <tbody>
                {flags.open.map((flag) => (
                  <tr key={flag.id} data-testid={`flag-${flag.symbol}-${flag.date}`}>
                    <th scope="row">{flag.symbol}</th>
                    <td data-label="Day" className="nowrap">
                      {flag.date}
                    </td>
                    <td data-label="Previous close" className="number">
                      {flag.previousClose} <span className="muted nowrap">({flag.previousDate})</span>
                    </td>
                    <td data-label="Open or held price" className="number">
                      {flag.open ?? flag.close}
                    </td>
                    <td data-label="Move" className="number">
                      {flag.move}×
                    </td>
                    <td data-label="Likely ratio">
                      {flag.suggested.toShares}:{flag.suggested.fromShares}
                    </td>
                    <td data-label="Source">{flag.source}</td>
                    <td>
                      {canRecord ? (
                        <FlagActions
                          flag={{ id: flag.id, symbol: flag.symbol, date: flag.date, toShares: flag.suggested.toShares, fromShares: flag.suggested.fromShares }}
                          record={recordCorporateActionAction}
                          dismiss={dismissFlagAction}
                        />
                      ) : (
                        <span className="muted">An admin decides</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {flags.decided.length > 0 && (
          <div className="table-scroll" role="region" aria-label="Recently decided moves" tabIndex={0}>
            <table>
              <caption>Recently decided moves</caption>
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Day</th>
                  <th scope="col" className="number">Move</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {flags.decided.map((flag) => (
                  <tr key={flag.id} data-testid={`decided-${flag.symbol}-${flag.date}`}>
                    <th scope="row">{flag.symbol}</th>
                    <td>{flag.date}</td>
                    <td className="number">{flag.move}×</td>
                    <td>{DECIDED[flag.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {canRecord && (
        <section aria-labelledby="record-heading" className="card stack">
          <h2 id="record-heading">Record an action</h2>
          <div className="forms-grid">
            <RecordActionForm kind="SPLIT" action={recordCorporateActionAction} />
            <RecordActionForm kind="CASH_DIVIDEND" action={recordCorporateActionAction} />
            <RecordActionForm kind="SYMBOL_CHANGE" action={recordCorporateActionAction} />
          </div>
        </section>
      )}

      <section aria-labelledby="recorded-heading" className="card stack">
        <h2 id="recorded-heading">Recorded actions</h2>
        <p className="field-hint">
          Splits and symbol changes are applied on their ex-date, once. Dividends are paid on their pay date by the daily run (13:30 UTC)
          to every account that held the fund at the end of the day before the ex-date, and the cash is invested.
        </p>
        {canRecord && <OperatorActionForm action={payDueDividendsAction} fields={{}} text="Pay the dividends due today now" label="Pay the dividends due today now" />}
        {actions.length === 0 ? (
          <p>No corporate actions recorded yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-label="Recorded actions" tabIndex={0}>
            <table>
              <caption>Recorded actions, newest ex-date first</caption>
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Ex-date</th>
                  <th scope="col">Action</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {actions.map((action) => (
                  <tr key={action.id} data-testid={`action-${action.symbol}-${action.exDate}`}>
                    <th scope="row">{action.symbol}</th>
                    <td>{action.exDate}</td>
                    <td>{action.description}</td>
                    <td>{STATES[action.state]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
