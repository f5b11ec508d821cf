import { formatMoney } from "@/lib/money";
import type { WithdrawalPreview } from "@/lib/payments/withdrawals/request";

/** "-1234.50" (dollars, two decimals, as the preview stores gains) → "-$1,234.50", without a float. */
export const dollars = (text: string) => {
  const [, negative = "", whole = "0", cents = "00"] = /^(-?)(\d+)\.(\d{2})$/.exec(text) ?? [];
  const sign = negative && /[1-9]/.test(whole + cents) ? "-" : ""; // a loss under half a cent shows as $0.00
  return `${sign}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
};

const TERMS = { short: "Short-term", long: "Long-term", mixed: "Short- and long-term" } as const;

/** The sales a withdrawal makes and the tax they are estimated to realise, as the investor confirms it. */
export function WithdrawalPreviewTable({ preview }: { preview: WithdrawalPreview }) {
  const money = (cents: string) => formatMoney(BigInt(cents), preview.currency);
  return (
    <section className="card stack" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Review your withdrawal</h2>
      <p>
        <strong>{preview.everything ? `Everything: about ${money(preview.amount)}` : money(preview.amount)}</strong> to {preview.bank.bankName} ••
        {preview.bank.last4}. {money(preview.fromCash)} comes from your cash
        {preview.sales.length > 0 ? "; the rest from selling:" : "; nothing needs selling."}
      </p>
      {preview.sales.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Sales" tabIndex={0}>
        <table>
          <caption>Sales (estimated at the latest prices)</caption>
          <thead>
            <tr>
              <th scope="col">Fund</th>
              <th scope="col" className="number">Shares</th>
              <th scope="col" className="number">Proceeds</th>
              <th scope="col" className="number">Gain</th>
              <th scope="col">Holding period</th>
            </tr>
          </thead>
          <tbody>
            {preview.sales.map((sale) => (
              <tr key={sale.symbol}>
                <td>{sale.symbol}</td>
                <td className="number">{sale.quantity}</td>
                <td className="number">{money(sale.estimatedProceeds)}</td>
                <td className="number">{dollars(sale.gain)}</td>
                <td>{TERMS[sale.term]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {preview.sales.length > 0 && (
        <p data-testid="estimated-gain">
          Estimated realised gain: <strong>{dollars(preview.gain.total)}</strong> (short-term {dollars(preview.gain.short)}, long-term{" "}
          {dollars(preview.gain.long)}). We sell the funds furthest above their target first, and within a fund the lots that cost the least
          tax. What the sales raise beyond the withdrawal stays in your account and is invested again.
        </p>
      )}
      <p className="field-hint">
        Sales settle the next trading day (T+1); we pay your bank then. You can cancel until selling starts.
        {preview.approvalReason && ` An advisor reviews this withdrawal first: ${preview.approvalReason}.`}
      </p>
    </section>
  );
}
