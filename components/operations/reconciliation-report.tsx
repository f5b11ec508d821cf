import type { ReactNode } from "react";
import { formatMoney } from "@/lib/money";
import type { Reconciliation } from "@/lib/operations/reconcile";
import { currentUser } from "@/lib/auth/guards";
import { viewerFormatFor } from "@/lib/format/viewer";
import { TableScroll } from "@/components/ui/table-scroll";

const KIND_LABELS: Record<string, string> = {
  STRIPE_CLEARING: "Stripe clearing",
  BROKER_CLEARING: "Broker clearing",
  INVESTOR_CASH: "Investor cash",
  INVESTOR_CASH_HELD: "Investor cash held",
  INVESTOR_OWED: "Owed by investor",
  PLATFORM_REVENUE: "Platform revenue",
};

const CATEGORY_LABELS = { charges: "Payments in", refunds: "Refunds", disputes: "Disputes" } as const;

function Section({ id, title, clean, children }: { id: string; title: string; clean: boolean; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="stack">
      <h3 id={id}>{title}</h3>
      {clean ? <p className="status status-succeeded">No differences</p> : children}
    </section>
  );
}

/** The four checks of the reconciliation, each "No differences" or every difference found. */
export async function ReconciliationReport({ report, tookMs }: { report: Reconciliation; tookMs: number }) {
  const format = await viewerFormatFor(await currentUser());
  const { trialBalance, clearing, stripe, holdings } = report;
  const unbalanced = trialBalance.totals.filter((row) => row.total !== 0n);
  return (
    <div className="stack">
      <p role="status">
        Checked at {format.preciseDateTime(report.ranAt)} in {tookMs} ms.
      </p>

      <Section id="trial-balance-heading" title="Trial balance" clean={unbalanced.length === 0 && trialBalance.accounts.length === 0}>
        {unbalanced.length > 0 && (
          <TableScroll label="Unbalanced entries">
            <table>
              <caption>Postings that do not sum to zero</caption>
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  <th scope="col" className="number">
                    Sum of all postings
                  </th>
                </tr>
              </thead>
              <tbody>
                {unbalanced.map((row) => (
                  <tr key={row.currency}>
                    <td>{row.currency}</td>
                    <td className="number">{formatMoney(row.total, row.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {trialBalance.accounts.length > 0 && (
          <TableScroll label="Trial balance">
            <table>
              <caption>Ledger accounts whose balance is not the sum of their postings</caption>
              <thead>
                <tr>
                  <th scope="col">Ledger account</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Investor</th>
                  <th scope="col" className="number">
                    Balance
                  </th>
                  <th scope="col" className="number">
                    Sum of postings
                  </th>
                </tr>
              </thead>
              <tbody>
                {trialBalance.accounts.map((row) => (
                  <tr key={row.ledgerAccountId.toString()}>
                    <td>{row.ledgerAccountId.toString()}</td>
                    <td>{KIND_LABELS[row.kind] ?? row.kind}</td>
                    <td>{row.owner ?? "Platform"}</td>
                    <td className="number">{formatMoney(row.balance, row.currency)}</td>
                    <td className="number">{formatMoney(row.postingsSum, row.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Section>

      <Section id="clearing-heading" title="Clearing accounts back to zero" clean={clearing.length === 0}>
        <TableScroll label="Clearing accounts">
          <table>
            <caption>Clearing accounts not at zero (money still in flight, or never settled)</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Currency</th>
                <th scope="col" className="number">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {clearing.map((row) => (
                <tr key={`${row.kind}:${row.currency}`}>
                  <td>{KIND_LABELS[row.kind]}</td>
                  <td>{row.currency}</td>
                  <td className="number">{formatMoney(row.balance, row.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Section>

      {stripe.checked ? (
        <Section id="stripe-heading" title="Ledger against Stripe's balance transactions" clean={stripe.differences.length === 0}>
          <TableScroll label="Ledger against Stripe">
            <table>
              <caption>
                {format.preciseDateTime(stripe.from)} to {format.preciseDateTime(stripe.to)}, gross of Stripe&apos;s fees
              </caption>
              <thead>
                <tr>
                  <th scope="col">Movement</th>
                  <th scope="col">Currency</th>
                  <th scope="col" className="number">
                    Our ledger
                  </th>
                  <th scope="col" className="number">
                    Stripe
                  </th>
                </tr>
              </thead>
              <tbody>
                {stripe.differences.map((row) => (
                  <tr key={`${row.category}:${row.currency}`}>
                    <td>{CATEGORY_LABELS[row.category]}</td>
                    <td>{row.currency}</td>
                    <td className="number">{formatMoney(row.ledger, row.currency)}</td>
                    <td className="number">{formatMoney(row.stripe, row.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Section>
      ) : (
        <section aria-labelledby="stripe-heading" className="stack">
          <h3 id="stripe-heading">Ledger against Stripe&apos;s balance transactions</h3>
          <p>{stripe.reason}</p>
        </section>
      )}

      <Section id="holdings-heading" title="Holdings against the broker's positions" clean={holdings.differences.length === 0}>
        <TableScroll label="Holdings against the broker">
          <table>
            <caption>{holdings.basis === "account" ? "Each account's holdings against the broker's fills of its orders" : "Holdings of all accounts against the broker's positions"}</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Symbol</th>
                <th scope="col" className="number">
                  Ours
                </th>
                <th scope="col" className="number">
                  Broker&apos;s
                </th>
              </tr>
            </thead>
            <tbody>
              {holdings.differences.map((row) => (
                <tr key={`${row.investmentAccountId}:${row.symbol}`}>
                  <td>
                    {row.investmentAccountId
                      ? `${row.owner ?? "Unknown investor"} (${row.investmentAccountId.slice(0, 8)})`
                      : holdings.basis === "account"
                        ? "No order of ours"
                        : "All accounts"}
                  </td>
                  <td>{row.symbol}</td>
                  <td className="number">{row.ours}</td>
                  <td className="number">{row.broker}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Section>
    </div>
  );
}
