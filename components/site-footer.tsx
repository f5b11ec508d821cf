import Link from "next/link";
import { bandLabel } from "@/components/fees/pricing";
import { pricing } from "@/lib/fees/views";

/**
 * Every page's footer: what Autovest is and is not (the disclosures a regulated adviser shows), and what it
 * costs, read from the fee schedule admins keep, so the footer never disagrees with the bills.
 */
export async function SiteFooter() {
  const { tiers } = await pricing();
  const fee = tiers.map((tier, i) => `${bandLabel(tier, i).toLowerCase()}: ${tier.rate} a year`).join("; ");
  return (
    <footer className="site-footer">
      <div className="site-footer-inner">
        <section aria-labelledby="footer-disclosures">
          <h2 id="footer-disclosures">Disclosures</h2>
          <p>
            Autovest provides automated investment advice. Investing involves risk, including the loss of money you
            invest; the value of a portfolio goes down as well as up. Past performance, backtests and projections do not
            guarantee future results: projections are estimates from stated assumptions. Securities are not FDIC
            insured, not bank guaranteed and may lose value. Nothing here is tax advice.
          </p>
          <p>
            Development and test installations trade through a simulated broker and take Stripe test payments only: no
            real money moves.
          </p>
        </section>
        <section aria-labelledby="footer-pricing">
          <h2 id="footer-pricing">What it costs</h2>
          <p>
            One advisory fee ({fee}), accrued daily and billed monthly. No trading, account or transfer fees.
          </p>
          <ul>
            <li>
              <Link href="/#pricing-heading">How fees work</Link>
            </li>
            <li>
              <Link href="/security">Security</Link>
            </li>
            <li>
              <Link href="/your-data">Your data</Link>
            </li>
          </ul>
        </section>
      </div>
    </footer>
  );
}
