import type Decimal from "decimal.js";
import { ESTIMATE_RATES } from "@/lib/investing/model-change-preview";
import type { ModelChangeView } from "@/lib/investing/model-change";
import { formatMoney } from "@/lib/money";
import { TableScroll } from "@/components/ui/table-scroll";

const percent = (fraction: Decimal) => `${fraction.times(100).toFixed(1)}%`;
const signed = (cents: bigint) => (cents < 0n ? `−${formatMoney(-cents)}` : formatMoney(cents));

/**
 * What a change of model would do, before anything trades: the allocation now and after, the sales and purchases,
 * and the gains the sales would realise with a rough tax on them (labelled an estimate). Investors and advisors see
 * the same thing.
 */
export function ModelChangePreviewView({ change }: { change: ModelChangeView }) {
  const { preview } = change;
  const gain = preview.realised.shortTerm + preview.realised.longTerm;
  return (
    <>
      <section aria-labelledby="allocation-heading" className="card">
        <h2 id="allocation-heading">
          From {change.from?.name ?? "no portfolio"} to {change.to.name}
        </h2>
        <p>
          Account value at the prices used: <strong>{formatMoney(preview.total)}</strong>
          {preview.cash > 0n && <> (including {formatMoney(preview.cash)} of cash)</>}.
        </p>
        <TableScroll label="Trades in the preview">
          <table className="stacked-table">
            <caption>Allocation now and after the change</caption>
            <thead>
              <tr>
                <th scope="col">Fund</th>
                <th scope="col" className="number">Value now</th>
                <th scope="col" className="number">Share now</th>
                <th scope="col" className="number">New target</th>
              </tr>
            </thead>
            <tbody>
              {preview.allocation.map((line) => (
                <tr key={line.symbol}>
                  <th scope="row">{line.symbol}</th>
                  <td className="number" data-label="Value now">{formatMoney(line.value)}</td>
                  <td className="number" data-label="Share now">{percent(line.weight)}</td>
                  <td className="number" data-label="New target">{percent(line.targetNew)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="trades-heading" className="card">
        <h2 id="trades-heading">The trades</h2>
        {preview.sells.length === 0 && preview.buys.length === 0 ? (
          <p>Nothing needs to be bought or sold.</p>
        ) : (
          <TableScroll label="Estimated realised gains">
            <table className="stacked-table" data-testid="preview-trades">
              <caption>Sales first, then purchases, at the prices used</caption>
              <thead>
                <tr>
                  <th scope="col">Trade</th>
                  <th scope="col">Fund</th>
                  <th scope="col" className="number">Amount</th>
                  <th scope="col" className="number">Estimated gain</th>
                </tr>
              </thead>
              <tbody>
                {preview.sells.map((sell) => (
                  <tr key={`sell-${sell.symbol}`}>
                    <td data-label="Trade">Sell {sell.quantity.toFixed(6)} shares</td>
                    <th scope="row">{sell.symbol}</th>
                    <td className="number" data-label="Amount">{formatMoney(sell.amount)}</td>
                    <td className="number" data-label="Estimated gain">{signed(sell.shortTermGain + sell.longTermGain)}</td>
                  </tr>
                ))}
                {preview.buys.map((buy) => (
                  <tr key={`buy-${buy.symbol}`}>
                    <td data-label="Trade">Buy</td>
                    <th scope="row">{buy.symbol}</th>
                    <td className="number" data-label="Amount">{formatMoney(buy.amount)}</td>
                    <td className="number" data-label="Estimated gain">—</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby="tax-heading" className="card">
        <h2 id="tax-heading">Gains and tax (estimate)</h2>
        <dl className="figures">
          <div>
            <dt>Estimated realised gain</dt>
            <dd data-testid="estimated-gain">{signed(gain)}</dd>
          </div>
          <div>
            <dt>Short-term</dt>
            <dd>{signed(preview.realised.shortTerm)}</dd>
          </div>
          <div>
            <dt>Long-term</dt>
            <dd>{signed(preview.realised.longTerm)}</dd>
          </div>
          <div>
            <dt>Estimated tax</dt>
            <dd data-testid="estimated-tax">{formatMoney(preview.estimatedTax)}</dd>
          </div>
        </dl>
        <p className="field-hint">
          An illustration, not tax advice: short-term gains taxed at {percent(ESTIMATE_RATES.short)} and long-term gains at{" "}
          {percent(ESTIMATE_RATES.long)}, after netting losses. Sales use the shares that realise the least gain (losses first). Your own
          rates and the final prices decide the real figure.
        </p>
      </section>
    </>
  );
}
