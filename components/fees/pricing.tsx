import { formatMoney } from "@/lib/money";
import type { TierView } from "@/lib/fees/views";
import { TableScroll } from "@/components/ui/table-scroll";

/** A band of balance in words: "Up to $100,000", "$100,000 to $1,000,000", "Over $1,000,000". */
export function bandLabel(tier: TierView, index: number): string {
  if (tier.to === null) return index === 0 ? "Any balance" : `Over ${formatMoney(tier.from).replace(/\.00$/, "")}`;
  if (index === 0) return `Up to ${formatMoney(tier.to).replace(/\.00$/, "")}`;
  return `${formatMoney(tier.from).replace(/\.00$/, "")} to ${formatMoney(tier.to).replace(/\.00$/, "")}`;
}

export function FeeTiersTable({ tiers, caption }: { tiers: TierView[]; caption: string }) {
  return (
    <TableScroll label="Fee bands">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Household balance</th>
            <th scope="col">Annual advisory fee</th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((tier, i) => (
            <tr key={tier.from.toString()}>
              <td>{bandLabel(tier, i)}</td>
              <td>{tier.rate} a year</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The pricing section of the landing page: before anyone signs up. */
export function Pricing({ tiers, example }: { tiers: TierView[]; example: { balance: bigint; annualFee: bigint } }) {
  return (
    <section aria-labelledby="pricing-heading" className="pricing">
      <h2 id="pricing-heading">Pricing</h2>
      <p>
        One advisory fee, a share of what you invest, and nothing else: <strong>no trading fees</strong>, no account or
        transfer fees, no minimum.
      </p>
      <FeeTiersTable tiers={tiers} caption="The advisory fee" />
      {tiers.length > 1 && <p>Each band&apos;s rate applies to the part of your balance inside it, so adding money never raises the rate on what you had.</p>}
      <p data-testid="pricing-example">
        For example, with {formatMoney(example.balance).replace(/\.00$/, "")} invested you pay {formatMoney(example.annualFee)} a year. The fee
        accrues daily on each day&apos;s closing value and is taken once a month from your cash (selling a little only
        if there is not enough cash), rounded down to the cent.
      </p>
    </section>
  );
}
